package io.vigil.udfs.series;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.model.StringCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The binary form of a series' identity ({@link AlertEvent.Series}), shared by every state and
 * stream format that carries one: key, metric and unit as modified UTF-8, then the number of
 * attributes (an unsigned short, so at most 65535) and each attribute's key and value, sorted by
 * key. Changing it changes saved state: bump the version of every format that embeds it.
 */
public final class SeriesCodec {
    private SeriesCodec() {}

    /** Writes {@code series} to {@code out}. */
    public static void write(AlertEvent.Series series, DataOutput out) throws IOException {
        StringCodec.write(out, series.key());
        StringCodec.write(out, series.metric());
        StringCodec.write(out, series.unit());
        out.writeShort(series.attributes().size());
        for (Map.Entry<String, String> e : series.attributes().entrySet()) {
            StringCodec.write(out, e.getKey());
            StringCodec.write(out, e.getValue());
        }
    }

    /** Reads a series written by {@link #write}. */
    public static AlertEvent.Series read(DataInput in) throws IOException {
        String key = StringCodec.read(in);
        String metric = StringCodec.read(in);
        String unit = StringCodec.read(in);
        int n = in.readUnsignedShort();
        SortedMap<String, String> attributes = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            attributes.put(StringCodec.read(in), StringCodec.read(in));
        }
        return new AlertEvent.Series(key, metric, unit, attributes);
    }
}
