package io.vigil.udfs.model;

import java.io.ByteArrayInputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Strings in Vigil's binary state and network formats, of any length. {@link DataOutput#writeUTF}
 * takes at most 65,535 encoded bytes and throws beyond that, and a series key or a service name
 * comes from whoever sends telemetry: one long attribute value would fail the job at its first
 * checkpoint or network hop. This format is {@code writeUTF}'s for every string that fits (so state
 * written before stays readable), and for longer ones the marker 65,535 in the length field, then
 * an {@code int} byte count and the string in UTF-8.
 */
public final class StringCodec {
    /** The length field that says "a long string follows". */
    static final int LONG_MARKER = 0xFFFF;

    private StringCodec() {}

    public static void write(DataOutput out, String s) throws IOException {
        // writeUTF's encoding takes 1 to 3 bytes a char; below 21,845 chars it always fits
        if (s.length() < LONG_MARKER / 3 || modifiedUtf8Length(s) < LONG_MARKER) {
            out.writeUTF(s);
            return;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeShort(LONG_MARKER);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    public static String read(DataInput in) throws IOException {
        int length = in.readUnsignedShort();
        if (length == LONG_MARKER) {
            byte[] utf8 = new byte[in.readInt()];
            in.readFully(utf8);
            return new String(utf8, StandardCharsets.UTF_8);
        }
        byte[] framed = new byte[length + 2];
        framed[0] = (byte) (length >>> 8);
        framed[1] = (byte) length;
        in.readFully(framed, 2, length);
        return DataInputStream.readUTF(new DataInputStream(new ByteArrayInputStream(framed)));
    }

    /** The byte count {@link DataOutput#writeUTF} would write after its length field. */
    static long modifiedUtf8Length(String s) {
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += (c >= 0x0001 && c <= 0x007F) ? 1 : (c <= 0x07FF ? 2 : 3);
        }
        return n;
    }
}
