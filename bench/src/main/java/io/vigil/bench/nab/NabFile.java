package io.vigil.bench.nab;

import java.util.List;
import java.util.Objects;

/**
 * One labelled data file of a corpus in NAB layout: its rows (timestamp, value) in file order and
 * its anomaly windows as row ranges.
 *
 * <p>Invariants: every per-row array has {@link #size()} entries; windows are sorted, do not
 * overlap and lie inside the file. Timestamps are in file order, which is not always chronological
 * (NAB's {@code machine_temperature_system_failure.csv} repeats an hour); scoring is by row, so
 * that does not matter here. The arrays are shared, not copied: do not modify them.
 */
public final class NabFile {
    private final String key;
    private final String category;
    private final String name;
    private final String[] timestampText;
    private final long[] epochMillis;
    private final String[] valueText;
    private final double[] values;
    private final List<NabWindow> windows;

    /**
     * @param category the directory the file lies in, e.g. {@code realKnownCause}
     * @param name the file name, e.g. {@code nyc_taxi.csv}
     * @param timestampText each row's timestamp exactly as in the file, e.g. {@code 2014-07-01
     *     00:00:00}
     * @param epochMillis each row's timestamp, milliseconds since the epoch (UTC)
     * @param valueText each row's value exactly as in the file
     * @param values each row's value, finite
     * @param windows the anomaly windows, sorted and disjoint
     */
    public NabFile(
            String category,
            String name,
            String[] timestampText,
            long[] epochMillis,
            String[] valueText,
            double[] values,
            List<NabWindow> windows) {
        this.category = requireName(category, "category");
        this.name = requireName(name, "name");
        this.key = category + "/" + name;
        this.timestampText = Objects.requireNonNull(timestampText, "timestampText");
        this.epochMillis = Objects.requireNonNull(epochMillis, "epochMillis");
        this.valueText = Objects.requireNonNull(valueText, "valueText");
        this.values = Objects.requireNonNull(values, "values");
        int n = epochMillis.length;
        if (timestampText.length != n || valueText.length != n || values.length != n) {
            throw new IllegalArgumentException(
                    key
                            + ": per-row arrays differ in length ("
                            + timestampText.length
                            + ", "
                            + n
                            + ", "
                            + valueText.length
                            + ", "
                            + values.length
                            + ")");
        }
        this.windows = List.copyOf(windows);
        int previousLast = -1;
        for (NabWindow window : this.windows) {
            if (window.first() <= previousLast) {
                throw new IllegalArgumentException(
                        key + ": windows must be sorted and disjoint, " + window + " is not");
            }
            if (window.last() >= n) {
                throw new IllegalArgumentException(
                        key + ": " + window + " ends after the last row (" + (n - 1) + ")");
            }
            previousLast = window.last();
        }
    }

    /**
     * A file built in memory (tests, generated data): timestamps are rendered as NAB writes them
     * ({@code YYYY-MM-DD HH:MM:SS}, UTC) and values with {@link Double#toString(double)}.
     */
    public static NabFile of(
            String category,
            String name,
            long[] epochMillis,
            double[] values,
            List<NabWindow> windows) {
        String[] timestamps = new String[epochMillis.length];
        String[] texts = new String[values.length];
        for (int i = 0; i < epochMillis.length; i++) {
            timestamps[i] = NabCorpus.formatTimestamp(epochMillis[i]);
        }
        for (int i = 0; i < values.length; i++) {
            texts[i] = Double.toString(values[i]);
        }
        return new NabFile(category, name, timestamps, epochMillis, texts, values, windows);
    }

    private static String requireName(String value, String what) {
        if (value == null || value.isEmpty() || value.contains("/")) {
            throw new IllegalArgumentException(what + " must be non-empty without '/'");
        }
        return value;
    }

    /**
     * {@code <category>/<name>}, the key of the windows file, e.g. {@code
     * realTraffic/TravelTime_387.csv}.
     */
    public String key() {
        return key;
    }

    /** The directory the file lies in, e.g. {@code realTraffic}. */
    public String category() {
        return category;
    }

    /** The file name with its {@code .csv} extension, e.g. {@code TravelTime_387.csv}. */
    public String name() {
        return name;
    }

    /** The number of rows (the header not counted). */
    public int size() {
        return epochMillis.length;
    }

    /** Each row's timestamp as written in the file. Shared: do not modify. */
    public String[] timestampText() {
        return timestampText;
    }

    /** Each row's timestamp in milliseconds since the epoch, UTC. Shared: do not modify. */
    public long[] epochMillis() {
        return epochMillis;
    }

    /** Each row's value as written in the file. Shared: do not modify. */
    public String[] valueText() {
        return valueText;
    }

    /** Each row's value. Shared: do not modify. */
    public double[] values() {
        return values;
    }

    /** The anomaly windows, sorted and disjoint; empty for a file without anomalies. */
    public List<NabWindow> windows() {
        return windows;
    }

    /** NAB's label of a row: 1 inside a window, else 0. */
    public int label(int row) {
        for (NabWindow window : windows) {
            if (window.contains(row)) {
                return 1;
            }
            if (window.first() > row) {
                break;
            }
        }
        return 0;
    }

    /** Per row: the index into {@link #windows()} of the window holding it, or -1 outside. */
    public int[] windowIndexByRow() {
        int[] index = new int[size()];
        java.util.Arrays.fill(index, -1);
        for (int w = 0; w < windows.size(); w++) {
            NabWindow window = windows.get(w);
            java.util.Arrays.fill(index, window.first(), window.last() + 1, w);
        }
        return index;
    }

    @Override
    public String toString() {
        return key + " (" + size() + " rows, " + windows.size() + " windows)";
    }
}
