package io.vigil.udfs.promql;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The samples PromQL reads: one time-ordered buffer per series, indexed by metric name, trimmed
 * from the old end by {@link #evictBefore}. A stale marker ({@link #STALE_NAN}, Prometheus' own bit
 * pattern) ends a series as Prometheus' staleness handling does: an instant selector does not look
 * back past it, and range selectors skip it.
 *
 * <p>A selector with an {@code =} matcher on a label other than the name (a service, say) reads
 * only the series of its name with that label value, from an index per metric name built on the
 * first such selector (label → value → series, in the order of the name's series, so the result and
 * its order are what a scan of the name gives); the index is not serialized and is built again
 * after a restore.
 *
 * <p>Memory: 16 bytes per sample plus the label set per series, and one index entry per label of a
 * series whose name an indexed selector reads; with a 1-minute sample interval and the longest
 * range of a rule set at 1 h that is about 1 KB per series.
 */
public final class SeriesStore implements Serializable {
    /** Prometheus' stale marker: a NaN with bit pattern {@code 0x7ff0000000000002}. */
    public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    private final Map<Labels, StoredSeries> series = new HashMap<>();
    private final Map<String, List<StoredSeries>> byName = new HashMap<>();

    /** Per metric name: label name → value → the name's series with it, in byName's order. */
    private transient Map<String, Map<String, Map<String, List<StoredSeries>>>> postings;

    private long outOfOrder;

    /** Whether {@code v} is the stale marker (not any other NaN). */
    public static boolean isStale(double v) {
        return Double.doubleToRawLongBits(v) == 0x7ff0000000000002L;
    }

    /**
     * Appends a sample. A sample at or before the series' latest timestamp is refused (counted in
     * {@link #outOfOrder()}), as Prometheus' head refuses it; returns whether it was kept.
     */
    public boolean append(Labels labels, long t, double v) {
        StoredSeries s = series.get(labels);
        if (s == null) {
            s = new StoredSeries(labels);
            series.put(labels, s);
            String name = labels.metricName();
            byName.computeIfAbsent(name, k -> new ArrayList<>()).add(s);
            Map<String, Map<String, List<StoredSeries>>> index =
                    postings == null ? null : postings.get(name);
            if (index != null) {
                index(index, s);
            }
        }
        if (s.size > 0 && t <= s.ts[s.size - 1]) {
            if (t == s.ts[s.size - 1]
                    && Double.doubleToRawLongBits(v)
                            == Double.doubleToRawLongBits(s.vs[s.size - 1])) {
                return true;
            }
            outOfOrder++;
            return false;
        }
        s.add(t, v);
        return true;
    }

    /** Ends a series at {@code t} with a stale marker, if it has samples and is not ended yet. */
    public void markStale(Labels labels, long t) {
        StoredSeries s = series.get(labels);
        if (s != null && s.size > 0 && !isStale(s.vs[s.size - 1]) && t > s.ts[s.size - 1]) {
            s.add(t, STALE_NAN);
        }
    }

    /** Samples refused because they were not after the series' latest one. */
    public long outOfOrder() {
        return outOfOrder;
    }

    /** How many series the store holds. */
    public int seriesCount() {
        return series.size();
    }

    /** The series {@code selector} matches. */
    public List<StoredSeries> select(Expr.VectorSelector selector) {
        String name = selector.metricName();
        Iterable<StoredSeries> candidates =
                name.isEmpty() ? series.values() : byName.getOrDefault(name, List.of());
        if (!name.isEmpty()) {
            List<StoredSeries> narrowed = narrowest(name, selector);
            if (narrowed != null) {
                candidates = narrowed;
            }
        }
        List<StoredSeries> out = new ArrayList<>();
        for (StoredSeries s : candidates) {
            if (selector.matches(s.labels)) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The fewest series of metric {@code name} that can match: those with the label value of the
     * selector's most selective {@code =} matcher on another label (a subsequence of the name's
     * series, in their order), or {@code null} if it has no such matcher.
     */
    private List<StoredSeries> narrowest(String name, Expr.VectorSelector selector) {
        List<StoredSeries> best = null;
        Map<String, Map<String, List<StoredSeries>>> index = null;
        for (Expr.Matcher m : selector.matchers()) {
            if (m.type() != Expr.MatchType.EQUAL
                    || m.value().isEmpty()
                    || m.name().equals(Labels.NAME)) {
                continue; // "" also matches series without the label: not in the index
            }
            if (index == null) {
                index = indexOf(name);
            }
            Map<String, List<StoredSeries>> values = index.get(m.name());
            List<StoredSeries> these = values == null ? null : values.get(m.value());
            if (these == null) {
                return List.of();
            }
            if (best == null || these.size() < best.size()) {
                best = these;
            }
        }
        return best;
    }

    /** The index of metric {@code name}'s series, built from them on first use. */
    private Map<String, Map<String, List<StoredSeries>>> indexOf(String name) {
        if (postings == null) {
            postings = new HashMap<>();
        }
        Map<String, Map<String, List<StoredSeries>>> index = postings.get(name);
        if (index == null) {
            index = new HashMap<>();
            for (StoredSeries s : byName.getOrDefault(name, List.of())) {
                index(index, s);
            }
            postings.put(name, index);
        }
        return index;
    }

    private static void index(Map<String, Map<String, List<StoredSeries>>> index, StoredSeries s) {
        Labels l = s.labels;
        for (int i = 0; i < l.size(); i++) {
            if (!l.name(i).equals(Labels.NAME)) {
                index.computeIfAbsent(l.name(i), k -> new HashMap<>())
                        .computeIfAbsent(l.value(i), k -> new ArrayList<>())
                        .add(s);
            }
        }
    }

    private static void unindex(
            Map<String, Map<String, List<StoredSeries>>> index, StoredSeries s) {
        Labels l = s.labels;
        for (int i = 0; i < l.size(); i++) {
            Map<String, List<StoredSeries>> values = index.get(l.name(i));
            List<StoredSeries> these = values == null ? null : values.get(l.value(i));
            if (these != null) {
                these.remove(s);
                if (these.isEmpty()) {
                    values.remove(l.value(i));
                    if (values.isEmpty()) {
                        index.remove(l.name(i));
                    }
                }
            }
        }
    }

    /** Drops samples before {@code t} and series left without any. */
    public void evictBefore(long t) {
        evictBefore(t, gone -> {});
    }

    /**
     * Drops samples before {@code t} and series left without any, telling {@code removed} about
     * each series removed.
     */
    public void evictBefore(long t, java.util.function.Consumer<Labels> removed) {
        evictBefore(labels -> t, removed);
    }

    /**
     * Drops each series' samples before its own cutoff ({@code cutoff} of its labels), and series
     * left without any, telling {@code removed} about each series removed.
     */
    public void evictBefore(
            java.util.function.ToLongFunction<Labels> cutoff,
            java.util.function.Consumer<Labels> removed) {
        Iterator<StoredSeries> it = series.values().iterator();
        while (it.hasNext()) {
            StoredSeries s = it.next();
            s.dropBefore(cutoff.applyAsLong(s.labels));
            if (s.size == 0) {
                it.remove();
                removed.accept(s.labels);
                String name = s.labels.metricName();
                List<StoredSeries> named = byName.get(name);
                named.remove(s);
                Map<String, Map<String, List<StoredSeries>>> index =
                        postings == null ? null : postings.get(name);
                if (index != null) {
                    unindex(index, s);
                }
                if (named.isEmpty()) {
                    byName.remove(name);
                    if (postings != null) {
                        postings.remove(name);
                    }
                }
            }
        }
    }

    /** One series' samples, oldest first. */
    public static final class StoredSeries implements Serializable {
        private final Labels labels;
        private long[] ts = new long[4];
        private double[] vs = new double[4];
        private int size;

        StoredSeries(Labels labels) {
            this.labels = labels;
        }

        /** The series' labels, metric name included. */
        public Labels labels() {
            return labels;
        }

        /** How many samples are kept. */
        public int size() {
            return size;
        }

        /** The {@code i}-th timestamp, epoch milliseconds. */
        public long t(int i) {
            return ts[i];
        }

        /** The {@code i}-th value. */
        public double v(int i) {
            return vs[i];
        }

        /** The index of the last sample at or before {@code t}, -1 if none. */
        public int lastAtOrBefore(long t) {
            int i = Arrays.binarySearch(ts, 0, size, t);
            return i >= 0 ? i : -i - 2;
        }

        /** The index of the first sample at or after {@code t} ({@link #size()} if none). */
        public int firstAtOrAfter(long t) {
            int i = Arrays.binarySearch(ts, 0, size, t);
            return i >= 0 ? i : -i - 1;
        }

        void add(long t, double v) {
            if (size == ts.length) {
                ts = Arrays.copyOf(ts, size * 2);
                vs = Arrays.copyOf(vs, size * 2);
            }
            ts[size] = t;
            vs[size++] = v;
        }

        void dropBefore(long t) {
            int first = firstAtOrAfter(t);
            if (first > 0) {
                System.arraycopy(ts, first, ts, 0, size - first);
                System.arraycopy(vs, first, vs, 0, size - first);
                size -= first;
            }
        }
    }
}
