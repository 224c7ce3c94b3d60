package io.vigil.udfs.testing;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Prometheus remote-write 1.0 requests on the wire, for tests of the remote-write path. */
public final class RemoteWriteFixtures {
    private RemoteWriteFixtures() {}

    /** A series as a sender writes it: labels in the order given, then samples (time, value). */
    public record Series(String[] labels, long[] times, double[] values, boolean nativeHistogram) {
        public static Series of(String[] labels, long time, double value) {
            return new Series(labels, new long[] {time}, new double[] {value}, false);
        }
    }

    /** A WriteRequest on the wire, written field by field as Prometheus does. */
    public static byte[] writeRequest(List<Series> series) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            for (Series s : series) {
                byte[] ts = timeSeries(s);
                out.writeTag(1, 2);
                out.writeUInt32NoTag(ts.length);
                out.writeRawBytes(ts);
            }
            // a metadata entry (field 3), as Prometheus sends beside the series
            byte[] metadata = message(o -> o.writeString(2, "http_requests_total"));
            out.writeTag(3, 2);
            out.writeUInt32NoTag(metadata.length);
            out.writeRawBytes(metadata);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private interface Writer {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] message(Writer w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static byte[] timeSeries(Series s) throws IOException {
        return message(
                out -> {
                    for (int i = 0; i < s.labels().length; i += 2) {
                        String name = s.labels()[i];
                        String value = s.labels()[i + 1];
                        byte[] label =
                                message(
                                        o -> {
                                            o.writeString(1, name);
                                            o.writeString(2, value);
                                        });
                        out.writeTag(1, 2);
                        out.writeUInt32NoTag(label.length);
                        out.writeRawBytes(label);
                    }
                    for (int i = 0; i < s.times().length; i++) {
                        double value = s.values()[i];
                        long time = s.times()[i];
                        byte[] sample =
                                message(
                                        o -> {
                                            o.writeDouble(1, value);
                                            o.writeInt64(2, time);
                                        });
                        out.writeTag(2, 2);
                        out.writeUInt32NoTag(sample.length);
                        out.writeRawBytes(sample);
                    }
                    if (s.nativeHistogram()) {
                        byte[] histogram = message(o -> o.writeInt64(15, time(s)));
                        out.writeTag(4, 2);
                        out.writeUInt32NoTag(histogram.length);
                        out.writeRawBytes(histogram);
                    }
                });
    }

    private static long time(Series s) {
        return s.times().length == 0 ? 0 : s.times()[0];
    }
}
