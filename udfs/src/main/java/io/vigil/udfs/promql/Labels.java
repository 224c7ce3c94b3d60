package io.vigil.udfs.promql;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A series' label set as Prometheus keeps it: names sorted, no empty values (a label with an empty
 * value is the same as no label), the metric name under {@value #NAME}. Immutable; equality and
 * hash are over the pairs, so a label set can key a map.
 */
public final class Labels implements Serializable, Comparable<Labels> {
    /** The label that holds the metric name. */
    public static final String NAME = "__name__";

    /** The empty label set. */
    public static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** The label set of a map; pairs with an empty value are left out. */
    public static Labels of(Map<String, String> labels) {
        SortedMap<String, String> sorted = new TreeMap<>();
        labels.forEach(
                (k, v) -> {
                    if (!v.isEmpty()) {
                        sorted.put(k, v);
                    }
                });
        String[] n = new String[sorted.size()];
        String[] v = new String[sorted.size()];
        int i = 0;
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            n[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new Labels(n, v);
    }

    /** The label set of name/value pairs: {@code of("__name__", "up", "job", "api")}. */
    public static Labels of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name/value pairs");
        }
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return of(m);
    }

    /** The value of label {@code name}, {@code ""} if the set has none. */
    public String get(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : "";
    }

    /** The metric name, {@code ""} if none. */
    public String metricName() {
        return get(NAME);
    }

    /** How many labels the set has. */
    public int size() {
        return names.length;
    }

    /** The {@code i}-th label name in sorted order. */
    public String name(int i) {
        return names[i];
    }

    /** The {@code i}-th label value in sorted order. */
    public String value(int i) {
        return values[i];
    }

    /** This set without the labels whose names match {@code drop}. */
    public Labels without(Predicate<String> drop) {
        int kept = 0;
        for (String n : names) {
            if (!drop.test(n)) {
                kept++;
            }
        }
        if (kept == names.length) {
            return this;
        }
        String[] n = new String[kept];
        String[] v = new String[kept];
        int j = 0;
        for (int i = 0; i < names.length; i++) {
            if (!drop.test(names[i])) {
                n[j] = names[i];
                v[j++] = values[i];
            }
        }
        return new Labels(n, v);
    }

    /** This set without the metric name. */
    public Labels withoutName() {
        return without(NAME::equals);
    }

    /** This set without the labels named in {@code drop}. */
    public Labels without(Collection<String> drop) {
        return drop.isEmpty() ? this : without(drop::contains);
    }

    /** Only the labels named in {@code keep}. */
    public Labels only(Collection<String> keep) {
        return without(n -> !keep.contains(n));
    }

    /** This set with label {@code name} set to {@code value} (removed if the value is empty). */
    public Labels with(String name, String value) {
        SortedMap<String, String> m = toMap();
        m.put(name, value);
        return of(m);
    }

    /** The pairs as a new sorted map. */
    public SortedMap<String, String> toMap() {
        SortedMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], values[i]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Labels l
                && hash == l.hash
                && Arrays.equals(names, l.names)
                && Arrays.equals(values, l.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Labels o) {
        int n = Math.min(names.length, o.names.length);
        for (int i = 0; i < n; i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c != 0) {
                return c;
            }
            c = values[i].compareTo(o.values[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, o.names.length);
    }

    /** Prometheus' notation: {@code up{job="api"}}, or {@code {job="api"}} without a name. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(metricName()).append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(NAME)) {
                continue;
            }
            if (!first) {
                b.append(", ");
            }
            first = false;
            b.append(names[i]).append("=\"").append(escape(values[i])).append('"');
        }
        return b.append('}').toString();
    }

    /** A label value escaped for PromQL's double quotes. */
    public static String escapeValue(String v) {
        return escape(v);
    }

    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
