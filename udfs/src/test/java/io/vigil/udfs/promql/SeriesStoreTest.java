package io.vigil.udfs.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The series store against a plain model of it: selection (through the label index or a scan) gives
 * the series a scan of the name gives, in the same order, through appends, evictions and a
 * serialization round trip; each series keeps its samples in order through growth and eviction.
 */
class SeriesStoreTest {
    private static final String[] NAMES = {"a_total", "b", "c_bucket"};
    private static final String[] SERVICES = {"api", "db", "web", "queue"};

    /** The model: each series' samples, and each name's series in creation order. */
    private final Map<Labels, List<long[]>> samples = new HashMap<>();

    private final Map<String, List<Labels>> byName = new LinkedHashMap<>();

    @Test
    void selectionMatchesAScanInOrderThroughAppendsAndEvictions() throws Exception {
        Random random = new Random(7);
        SeriesStore store = new SeriesStore();
        List<Expr.VectorSelector> selectors = selectors();
        long t = 0;
        for (int step = 0; step < 400; step++) {
            t += 1000;
            // Some series appear, some skip a step (and so age out), new values for the rest.
            for (int k = 0; k < 12; k++) {
                Labels l = randomLabels(random);
                List<long[]> model = model(l);
                boolean repeat = !model.isEmpty() && model.get(model.size() - 1)[0] == t;
                // The same sample again is accepted but not stored twice.
                assertThat(store.append(l, t, step)).isTrue();
                if (!repeat) {
                    model.add(new long[] {t, step});
                }
            }
            if (step % 3 == 0) {
                long cutoff = t - 20_000 - random.nextInt(30_000);
                store.evictBefore(cutoff, this::forget);
                samples.forEach((l, s) -> s.removeIf(x -> x[0] < cutoff));
            }
            if (step % 25 == 24) {
                store = roundTrip(store);
            }
            for (Expr.VectorSelector sel : selectors) {
                List<Labels> selected = labelsOf(store.select(sel));
                if (sel.metricName().isEmpty()) {
                    // Without a name the store scans all series in its hash order: as a set.
                    assertThat(selected)
                            .as("%s at step %d", sel, step)
                            .containsExactlyInAnyOrderElementsOf(
                                    samples.keySet().stream().filter(sel::matches).toList());
                } else {
                    assertThat(selected)
                            .as("%s at step %d", sel, step)
                            .containsExactlyElementsOf(scan(sel));
                }
            }
        }
        assertThat(store.seriesCount()).isEqualTo(samples.size());
        for (Map.Entry<Labels, List<long[]>> e : samples.entrySet()) {
            SeriesStore.StoredSeries s = only(store, e.getKey());
            assertSameSamples(s, e.getValue());
        }
    }

    @Test
    void samplesStayOrderedAndSearchableThroughGrowthAndEviction() throws Exception {
        SeriesStore store = new SeriesStore();
        Labels l = Labels.of(Labels.NAME, "x", "job", "api");
        List<long[]> model = new ArrayList<>();
        long t = 0;
        Random random = new Random(3);
        for (int step = 0; step < 2_000; step++) {
            int n = 1 + random.nextInt(step < 1_000 ? 3 : 1); // grow, then hold steady
            for (int i = 0; i < n; i++) {
                t += 1 + random.nextInt(5);
                store.append(l, t, t * 0.5);
                model.add(new long[] {t, Double.doubleToLongBits(t * 0.5)});
            }
            if (step % 2 == 0) {
                long cutoff = t - 40 - random.nextInt(40);
                store.evictBefore(cutoff);
                model.removeIf(x -> x[0] < cutoff);
            }
            if (step % 500 == 499) {
                store = roundTrip(store);
            }
            // The latest sample again is accepted and not stored; an older or different one is
            // refused.
            assertThat(store.append(l, t, t * 0.5)).isTrue();
            assertThat(store.append(l, t, t * 0.25)).isFalse();
            assertThat(store.append(l, t - 1, t * 0.5)).isFalse();
            SeriesStore.StoredSeries s = only(store, l);
            assertThat(s.size()).isEqualTo(model.size());
            for (int i = 0; i < model.size(); i++) {
                assertThat(s.t(i)).isEqualTo(model.get(i)[0]);
                assertThat(s.v(i)).isEqualTo(Double.longBitsToDouble(model.get(i)[1]));
            }
            long first = model.get(0)[0];
            for (long probe = first - 2; probe <= t + 1; probe++) {
                int before = 0;
                int atOrBefore = 0;
                for (long[] x : model) {
                    before += x[0] < probe ? 1 : 0;
                    atOrBefore += x[0] <= probe ? 1 : 0;
                }
                assertThat(s.firstAtOrAfter(probe)).isEqualTo(before);
                assertThat(s.lastAtOrBefore(probe)).isEqualTo(atOrBefore - 1);
            }
        }
        assertThat(store.outOfOrder()).isEqualTo(2 * 2_000);
    }

    private static List<Expr.VectorSelector> selectors() {
        List<Expr.VectorSelector> out = new ArrayList<>();
        for (String name : NAMES) {
            out.add((Expr.VectorSelector) PromQL.parse(name));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{service=\"api\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{service=\"api\", pod=\"p1\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{pod=\"p2\", service=~\"w.*\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{service=\"nowhere\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{zone=\"\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{zone=\"\", service=\"db\"}"));
            out.add((Expr.VectorSelector) PromQL.parse(name + "{service!=\"db\", zone=\"eu\"}"));
        }
        out.add((Expr.VectorSelector) PromQL.parse("{service=\"web\"}"));
        return out;
    }

    private static Labels randomLabels(Random random) {
        List<String> pairs = new ArrayList<>();
        pairs.add(Labels.NAME);
        pairs.add(NAMES[random.nextInt(NAMES.length)]);
        pairs.add("service");
        pairs.add(SERVICES[random.nextInt(SERVICES.length)]);
        pairs.add("pod");
        pairs.add("p" + random.nextInt(4));
        if (random.nextBoolean()) {
            pairs.add("zone");
            pairs.add(random.nextBoolean() ? "eu" : "us");
        }
        return Labels.of(pairs.toArray(String[]::new));
    }

    private List<long[]> model(Labels l) {
        List<long[]> s = samples.get(l);
        if (s == null) {
            s = new ArrayList<>();
            samples.put(l, s);
            byName.computeIfAbsent(l.metricName(), k -> new ArrayList<>()).add(l);
        }
        return s;
    }

    private void forget(Labels l) {
        samples.remove(l);
        byName.get(l.metricName()).remove(l);
    }

    /** The old selection: the name's series in creation order, filtered. */
    private List<Labels> scan(Expr.VectorSelector sel) {
        List<Labels> out = new ArrayList<>();
        for (Labels l : byName.getOrDefault(sel.metricName(), List.of())) {
            if (sel.matches(l)) {
                out.add(l);
            }
        }
        return out;
    }

    private static List<Labels> labelsOf(List<SeriesStore.StoredSeries> series) {
        List<Labels> out = new ArrayList<>();
        series.forEach(s -> out.add(s.labels()));
        return out;
    }

    private static SeriesStore.StoredSeries only(SeriesStore store, Labels l) {
        List<Expr.Matcher> matchers = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            matchers.add(Expr.Matcher.of(l.name(i), Expr.MatchType.EQUAL, l.value(i)));
        }
        List<SeriesStore.StoredSeries> found =
                store.select(new Expr.VectorSelector(matchers, 0)).stream()
                        .filter(s -> s.labels().equals(l))
                        .toList();
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static void assertSameSamples(SeriesStore.StoredSeries s, List<long[]> model) {
        assertThat(s.size()).isEqualTo(model.size());
        for (int i = 0; i < model.size(); i++) {
            assertThat(s.t(i)).isEqualTo(model.get(i)[0]);
            assertThat(s.v(i)).isEqualTo((double) model.get(i)[1]);
        }
    }

    private static SeriesStore roundTrip(SeriesStore store) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(store);
        }
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (SeriesStore) in.readObject();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
