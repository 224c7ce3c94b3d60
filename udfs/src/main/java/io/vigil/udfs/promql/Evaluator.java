package io.vigil.udfs.promql;

import io.vigil.udfs.promql.Expr.BinaryOp;
import io.vigil.udfs.promql.Expr.MatchType;
import io.vigil.udfs.promql.Expr.Matcher;
import io.vigil.udfs.promql.SeriesStore.StoredSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Evaluates an {@link Expr} at one instant over a {@link SeriesStore}, with the semantics of
 * Prometheus 2.x's engine (the version whose {@code promtool} checks Vigil in the tests):
 *
 * <ul>
 *   <li>an instant selector takes each series' latest sample no older than the lookback (5 min,
 *       inclusive), unless that sample is a stale marker;
 *   <li>a range selector {@code [d]} takes the samples in {@code [t - d, t]}, stale markers left
 *       out;
 *   <li>{@code rate}/{@code increase} extrapolate as Prometheus does: to an edge of the range if
 *       the first (last) sample is within 1.1 average sample intervals of it, else half an interval
 *       beyond that sample; towards the start never past a counter's zero point (the extrapolation
 *       as fixed in Prometheus 2.51, which promtool 2.42 predates); any decrease is a counter
 *       reset; {@code irate} uses the last two samples;
 *   <li>arithmetic, functions and {@code bool} comparisons drop the metric name; filtering
 *       comparisons and set operators keep it; one-to-one matching with {@code on} keeps only the
 *       {@code on} labels;
 *   <li>errors Prometheus raises (many-to-many matches, duplicate output series) are raised as
 *       {@link PromQLException}s.
 * </ul>
 */
public final class Evaluator {
    /** Prometheus' default lookback for instant selectors. */
    public static final long DEFAULT_LOOKBACK_MILLIS = 5 * 60_000L;

    private final SeriesStore store;
    private final long lookbackMillis;

    public Evaluator(SeriesStore store) {
        this(store, DEFAULT_LOOKBACK_MILLIS);
    }

    public Evaluator(SeriesStore store, long lookbackMillis) {
        this.store = store;
        this.lookbackMillis = lookbackMillis;
    }

    /** A result: a number, or an instant vector. */
    public sealed interface Value permits Scalar, Vector {}

    /** A scalar result. */
    public record Scalar(double value) implements Value {}

    /** An instant vector result. */
    public record Vector(List<Sample> samples) implements Value {
        public Vector {
            samples = List.copyOf(samples);
        }
    }

    /** One element of an instant vector. */
    public record Sample(Labels labels, double value) {}

    /**
     * Evaluates {@code e} at {@code t} (epoch milliseconds). A scalar result comes back as a {@link
     * Scalar}; rules turn it into a one-element vector with no labels, as Prometheus does.
     *
     * @throws PromQLException on the errors Prometheus' engine raises
     */
    public Value eval(Expr e, long t) {
        if (e instanceof Expr.NumberLiteral n) {
            return new Scalar(n.value());
        } else if (e instanceof Expr.VectorSelector vs) {
            return new Vector(instant(vs, t));
        } else if (e instanceof Expr.Call c) {
            return new Vector(call(c, t));
        } else if (e instanceof Expr.Aggregate a) {
            return new Vector(aggregate(a, t));
        } else if (e instanceof Expr.Binary b) {
            return binary(b, t);
        } else if (e instanceof Expr.Negate n) {
            return negate(n, t);
        }
        throw new PromQLException(
                "a range vector cannot be the result of an expression", e.position());
    }

    /** Evaluates {@code e} as an instant vector: a scalar becomes one sample with no labels. */
    public List<Sample> evalVector(Expr e, long t) {
        Value v = eval(e, t);
        return v instanceof Scalar s
                ? List.of(new Sample(Labels.EMPTY, s.value()))
                : ((Vector) v).samples();
    }

    private List<Sample> vector(Expr e, long t) {
        return ((Vector) eval(e, t)).samples();
    }

    private double scalar(Expr e, long t) {
        return ((Scalar) eval(e, t)).value();
    }

    // ---- selectors ---------------------------------------------------------------------------

    private List<Sample> instant(Expr.VectorSelector vs, long t) {
        List<Sample> out = new ArrayList<>();
        for (StoredSeries s : store.select(vs)) {
            int i = s.lastAtOrBefore(t);
            if (i < 0 || s.t(i) < t - lookbackMillis || SeriesStore.isStale(s.v(i))) {
                continue;
            }
            out.add(new Sample(s.labels(), s.v(i)));
        }
        return out;
    }

    /** The samples of one series in a range: timestamps and values, stale markers left out. */
    private record Window(Labels labels, long[] ts, double[] vs, int n) {}

    private List<Window> range(Expr.MatrixSelector ms, long t) {
        List<Window> out = new ArrayList<>();
        long from = t - ms.rangeMillis();
        for (StoredSeries s : store.select(ms.selector())) {
            int first = s.firstAtOrAfter(from);
            int last = s.lastAtOrBefore(t);
            if (first > last) {
                continue;
            }
            long[] ts = new long[last - first + 1];
            double[] vs = new double[last - first + 1];
            int n = 0;
            for (int i = first; i <= last; i++) {
                if (!SeriesStore.isStale(s.v(i))) {
                    ts[n] = s.t(i);
                    vs[n++] = s.v(i);
                }
            }
            if (n > 0) {
                out.add(new Window(s.labels(), ts, vs, n));
            }
        }
        return out;
    }

    // ---- functions ---------------------------------------------------------------------------

    private List<Sample> call(Expr.Call c, long t) {
        List<Sample> out = new ArrayList<>();
        switch (c.function()) {
            case RATE, INCREASE, IRATE, AVG_OVER_TIME, MAX_OVER_TIME, MIN_OVER_TIME -> {
                Expr.MatrixSelector ms = (Expr.MatrixSelector) c.args().get(0);
                for (Window w : range(ms, t)) {
                    if (isRateLike(c.function()) && !hasRate(w, c.function())) {
                        continue; // Prometheus drops the series; a NaN value would still count.
                    }
                    double v =
                            switch (c.function()) {
                                case RATE -> extrapolatedRate(w, ms, t, true);
                                case INCREASE -> extrapolatedRate(w, ms, t, false);
                                case IRATE -> irate(w);
                                case AVG_OVER_TIME -> avgOverTime(w);
                                case MAX_OVER_TIME -> maxOverTime(w);
                                default -> minOverTime(w);
                            };
                    out.add(new Sample(w.labels().withoutName(), v));
                }
                requireUnique(out, c);
            }
            case HISTOGRAM_QUANTILE ->
                    out =
                            histogramQuantile(
                                    scalar(c.args().get(0), t), vector(c.args().get(1), t), c);
            case ABSENT -> {
                if (vector(c.args().get(0), t).isEmpty()) {
                    out.add(new Sample(absentLabels(c.args().get(0)), 1));
                }
            }
        }
        return out;
    }

    private static boolean isRateLike(Expr.Function f) {
        return f == Expr.Function.RATE || f == Expr.Function.INCREASE || f == Expr.Function.IRATE;
    }

    /**
     * Whether a rate function has a result for the window: two samples at least, and for {@code
     * irate} two distinct last timestamps. Without one Prometheus leaves the series out; a NaN
     * result (from a NaN sample, which is a value unlike the stale marker) is kept, as Prometheus
     * keeps it.
     */
    private static boolean hasRate(Window w, Expr.Function f) {
        if (w.n() < 2) {
            return false;
        }
        return f != Expr.Function.IRATE || w.ts()[w.n() - 1] != w.ts()[w.n() - 2];
    }

    private static double extrapolatedRate(
            Window w, Expr.MatrixSelector ms, long t, boolean isRate) {
        long rangeStart = t - ms.rangeMillis();
        long rangeEnd = t;
        double first = w.vs()[0];
        double last = w.vs()[w.n() - 1];
        double result = last - first;
        double previous = 0;
        for (int i = 0; i < w.n(); i++) {
            double v = w.vs()[i];
            if (v < previous) {
                result += previous;
            }
            previous = v;
        }
        double durationToStart = (w.ts()[0] - rangeStart) / 1000.0;
        double durationToEnd = (rangeEnd - w.ts()[w.n() - 1]) / 1000.0;
        double sampledInterval = (w.ts()[w.n() - 1] - w.ts()[0]) / 1000.0;
        double averageBetweenSamples = sampledInterval / (w.n() - 1);
        // A first or last sample further than 1.1 sample intervals from its edge of the range
        // means the series starts or ends inside it: extrapolate half an interval there only.
        double threshold = averageBetweenSamples * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageBetweenSamples / 2;
        }
        if (result > 0 && first >= 0) {
            // A counter cannot go below zero: do not extrapolate past the time it would be zero.
            // This only ever shortens the start's extrapolation chosen above (Prometheus since
            // 2.51, prometheus#13725; 2.42 compared the zero point with the distance to the
            // range's start before choosing, and so could extrapolate up to 1.1 intervals).
            double durationToZero = sampledInterval * (first / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageBetweenSamples / 2;
        }
        double extrapolateTo = sampledInterval;
        extrapolateTo += durationToStart;
        extrapolateTo += durationToEnd;
        // The factor first, then the product: Prometheus' order, which float rounding can see.
        double factor = extrapolateTo / sampledInterval;
        if (isRate) {
            factor /= ms.rangeMillis() / 1000.0;
        }
        return result * factor;
    }

    private static double irate(Window w) {
        double last = w.vs()[w.n() - 1];
        double previous = w.vs()[w.n() - 2];
        double result = last < previous ? last : last - previous;
        long interval = w.ts()[w.n() - 1] - w.ts()[w.n() - 2];
        return result / (interval / 1000.0);
    }

    private static double avgOverTime(Window w) {
        double mean = 0;
        double count = 0;
        for (int i = 0; i < w.n(); i++) {
            double v = w.vs()[i];
            count++;
            if (Double.isInfinite(mean)) {
                if (Double.isInfinite(v) && (mean > 0) == (v > 0)) {
                    continue;
                }
                if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                    continue;
                }
            }
            mean += v / count - mean / count;
        }
        return mean;
    }

    private static double maxOverTime(Window w) {
        double max = w.vs()[0];
        for (int i = 1; i < w.n(); i++) {
            double v = w.vs()[i];
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
        }
        return max;
    }

    private static double minOverTime(Window w) {
        double min = w.vs()[0];
        for (int i = 1; i < w.n(); i++) {
            double v = w.vs()[i];
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
        }
        return min;
    }

    private record Bucket(double upperBound, double count) {}

    private static List<Sample> histogramQuantile(double q, List<Sample> in, Expr.Call c) {
        Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
        for (Sample s : in) {
            double le;
            try {
                le = parseLe(s.labels().get("le"));
            } catch (NumberFormatException e) {
                continue; // Prometheus ignores a bucket whose le it cannot read.
            }
            // Grouped by every label but le, the metric name included (as Prometheus does): two
            // histograms that differ only in their name are two results, with the same labels.
            Labels key = s.labels().without(n -> n.equals("le"));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(le, s.value()));
        }
        List<Sample> out = new ArrayList<>();
        groups.forEach(
                (labels, buckets) ->
                        out.add(new Sample(labels.withoutName(), bucketQuantile(q, buckets))));
        requireUnique(out, c);
        return out;
    }

    /** Go's float syntax: decimal, or hexadecimal with a binary exponent; underscores removed. */
    private static final java.util.regex.Pattern GO_FLOAT =
            java.util.regex.Pattern.compile(
                    "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?"
                            + "|0[xX](?:[0-9a-fA-F]+\\.?[0-9a-fA-F]*|\\.[0-9a-fA-F]+)[pP][+-]?[0-9]+)");

    /**
     * A bucket's {@code le} as Go's {@code strconv.ParseFloat} reads it, since Prometheus skips a
     * bucket whose bound that function refuses: {@code inf}/{@code infinity} with an optional sign
     * and {@code nan}, in any case; decimal and hexadecimal floats with underscores between digits;
     * no surrounding spaces and none of Java's suffixes ({@code 1f}, {@code 1d}); a number beyond
     * float64's range is refused too.
     *
     * @throws NumberFormatException if Go would refuse it
     */
    static double parseLe(String le) {
        String unsigned = le.startsWith("+") || le.startsWith("-") ? le.substring(1) : le;
        if (unsigned.equalsIgnoreCase("inf") || unsigned.equalsIgnoreCase("infinity")) {
            return le.startsWith("-") ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (le.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        String s = le;
        if (s.indexOf('_') >= 0) {
            if (!underscoresBetweenDigits(s)) {
                throw new NumberFormatException("misplaced _ in " + le);
            }
            s = s.replace("_", "");
        }
        if (!GO_FLOAT.matcher(s).matches()) {
            throw new NumberFormatException("not a Go float: " + le);
        }
        double v = Double.parseDouble(s);
        if (Double.isInfinite(v)) {
            throw new NumberFormatException("out of range: " + le);
        }
        return v;
    }

    /** Go's rule for {@code _} in a number: only between digits (or after a 0x prefix). */
    private static boolean underscoresBetweenDigits(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        boolean hex = false;
        char saw = '^'; // '0' after a digit, '_' after an underscore, '!' after anything else
        if (s.length() - i >= 2
                && s.charAt(i) == '0'
                && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')) {
            hex = true;
            saw = '0';
            i += 2;
        }
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c >= '0' && c <= '9') || (hex && Character.digit(c, 16) >= 0)) {
                saw = '0';
            } else if (c == '_') {
                if (saw != '0') {
                    return false;
                }
                saw = '_';
            } else if (saw == '_') {
                return false;
            } else {
                saw = '!';
            }
        }
        return saw != '_';
    }

    private static double bucketQuantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> sorted = new ArrayList<>(unsorted);
        sorted.sort((a, b) -> Double.compare(a.upperBound(), b.upperBound()));
        if (sorted.isEmpty()
                || sorted.get(sorted.size() - 1).upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        // Buckets with the same bound (le="1" and le="1.0" of one histogram) add up.
        List<Bucket> buckets = new ArrayList<>();
        for (Bucket b : sorted) {
            int lastIndex = buckets.size() - 1;
            if (lastIndex >= 0 && buckets.get(lastIndex).upperBound() == b.upperBound()) {
                buckets.set(
                        lastIndex,
                        new Bucket(b.upperBound(), buckets.get(lastIndex).count() + b.count()));
            } else {
                buckets.add(b);
            }
        }
        // Counts read at slightly different times can decrease; make them monotonic.
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            if (b.count() > max) {
                max = b.count();
            } else if (b.count() < max) {
                buckets.set(i, new Bucket(b.upperBound(), max));
            }
        }
        if (buckets.size() < 2) {
            return Double.NaN;
        }
        double observations = buckets.get(buckets.size() - 1).count();
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < buckets.size() - 1 && !(buckets.get(b).count() >= rank)) {
            b++;
        }
        if (b == buckets.size() - 1) {
            return buckets.get(buckets.size() - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double start = 0;
        double end = buckets.get(b).upperBound();
        double count = buckets.get(b).count();
        if (b > 0) {
            start = buckets.get(b - 1).upperBound();
            count -= buckets.get(b - 1).count();
            rank -= buckets.get(b - 1).count();
        }
        return start + (end - start) * (rank / count);
    }

    private static Labels absentLabels(Expr arg) {
        if (!(arg instanceof Expr.VectorSelector vs)) {
            return Labels.EMPTY;
        }
        Map<String, String> labels = new TreeMap<>();
        Set<String> dropped = new HashSet<>();
        for (Matcher m : vs.matchers()) {
            if (m.name().equals(Labels.NAME)) {
                continue;
            }
            if (m.type() == MatchType.EQUAL && !labels.containsKey(m.name())) {
                labels.put(m.name(), m.value());
            } else {
                dropped.add(m.name());
            }
        }
        dropped.forEach(labels::remove);
        return Labels.of(labels);
    }

    // ---- aggregation -------------------------------------------------------------------------

    private static final class Group {
        final Labels labels;
        double value;
        double mean;
        long count;

        Group(Labels labels) {
            this.labels = labels;
        }
    }

    private List<Sample> aggregate(Expr.Aggregate a, long t) {
        Set<String> grouping = new HashSet<>(a.grouping());
        Map<Labels, Group> groups = new LinkedHashMap<>();
        for (Sample s : vector(a.expr(), t)) {
            Labels key =
                    a.without()
                            ? s.labels().without(n -> n.equals(Labels.NAME) || grouping.contains(n))
                            : s.labels().only(grouping);
            Group g = groups.get(key);
            double v = s.value();
            if (g == null) {
                g = new Group(key);
                g.value = v;
                g.mean = v;
                g.count = 1;
                groups.put(key, g);
                continue;
            }
            g.count++;
            switch (a.op()) {
                case SUM -> g.value += v;
                case AVG -> {
                    if (Double.isInfinite(g.mean)) {
                        if (Double.isInfinite(v) && (g.mean > 0) == (v > 0)) {
                            break;
                        }
                        if (!Double.isInfinite(v) && !Double.isNaN(v)) {
                            break;
                        }
                    }
                    g.mean += v / g.count - g.mean / g.count;
                }
                case MAX -> {
                    if (g.value < v || Double.isNaN(g.value)) {
                        g.value = v;
                    }
                }
                case MIN -> {
                    if (g.value > v || Double.isNaN(g.value)) {
                        g.value = v;
                    }
                }
                case COUNT -> {}
            }
        }
        List<Sample> out = new ArrayList<>(groups.size());
        for (Group g : groups.values()) {
            double v =
                    switch (a.op()) {
                        case AVG -> g.mean;
                        case COUNT -> g.count;
                        default -> g.value;
                    };
            out.add(new Sample(g.labels, v));
        }
        return out;
    }

    // ---- operators ---------------------------------------------------------------------------

    private Value negate(Expr.Negate n, long t) {
        Value v = eval(n.expr(), t);
        if (v instanceof Scalar s) {
            return new Scalar(-s.value());
        }
        List<Sample> out = new ArrayList<>();
        for (Sample s : ((Vector) v).samples()) {
            out.add(new Sample(s.labels().withoutName(), -s.value()));
        }
        requireUnique(out, n);
        return new Vector(out);
    }

    private Value binary(Expr.Binary b, long t) {
        Value l = eval(b.lhs(), t);
        Value r = eval(b.rhs(), t);
        if (l instanceof Scalar ls && r instanceof Scalar rs) {
            double v = apply(b.op(), ls.value(), rs.value());
            if (b.op().isComparison()) {
                v = comparison(b.op(), ls.value(), rs.value()) ? 1 : 0;
            }
            return new Scalar(v);
        }
        if (l instanceof Vector lv && r instanceof Vector rv) {
            return new Vector(
                    b.op().isSet()
                            ? setOp(b, lv.samples(), rv.samples())
                            : vectorVector(b, lv.samples(), rv.samples()));
        }
        boolean scalarLeft = l instanceof Scalar;
        double scalar = scalarLeft ? ((Scalar) l).value() : ((Scalar) r).value();
        List<Sample> vec = scalarLeft ? ((Vector) r).samples() : ((Vector) l).samples();
        List<Sample> out = new ArrayList<>();
        for (Sample s : vec) {
            double lhs = scalarLeft ? scalar : s.value();
            double rhs = scalarLeft ? s.value() : scalar;
            double v;
            if (b.op().isComparison()) {
                boolean keep = comparison(b.op(), lhs, rhs);
                if (b.returnBool()) {
                    v = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                } else {
                    v = s.value();
                }
            } else {
                v = apply(b.op(), lhs, rhs);
            }
            Labels labels = dropsName(b) ? s.labels().withoutName() : s.labels();
            out.add(new Sample(labels, v));
        }
        if (dropsName(b)) {
            requireUnique(out, b);
        }
        return new Vector(out);
    }

    private static boolean dropsName(Expr.Binary b) {
        return !b.op().isComparison() || b.returnBool();
    }

    private static Labels signature(Labels l, Expr.Matching m) {
        if (m.on()) {
            return l.only(m.labels());
        }
        Set<String> ignoring = new HashSet<>(m.labels());
        return l.without(n -> n.equals(Labels.NAME) || ignoring.contains(n));
    }

    private static List<Sample> vectorVector(Expr.Binary b, List<Sample> lhs, List<Sample> rhs) {
        Map<Labels, Sample> right = new HashMap<>();
        for (Sample s : rhs) {
            Sample previous = right.put(signature(s.labels(), b.matching()), s);
            if (previous != null) {
                throw new PromQLException(
                        "found duplicate series for the match group "
                                + signature(s.labels(), b.matching())
                                + " on the right hand-side of the operation: ["
                                + previous.labels()
                                + ", "
                                + s.labels()
                                + "]; many-to-many matching not allowed: matching labels must be"
                                + " unique on one side",
                        b.position());
            }
        }
        Set<Labels> matched = new HashSet<>();
        List<Sample> out = new ArrayList<>();
        for (Sample s : lhs) {
            Labels sig = signature(s.labels(), b.matching());
            Sample r = right.get(sig);
            if (r == null) {
                continue;
            }
            double v;
            if (b.op().isComparison()) {
                boolean keep = comparison(b.op(), s.value(), r.value());
                if (b.returnBool()) {
                    v = keep ? 1 : 0;
                } else if (!keep) {
                    continue;
                } else {
                    v = s.value();
                }
            } else {
                v = apply(b.op(), s.value(), r.value());
            }
            if (!matched.add(sig)) {
                throw new PromQLException(
                        "multiple matches for labels: many-to-one matching must be explicit"
                                + " (group_left/group_right)",
                        b.position());
            }
            Labels labels = s.labels();
            if (dropsName(b)) {
                labels = labels.withoutName();
            }
            if (b.matching().on()) {
                labels = labels.only(b.matching().labels());
            } else {
                labels = labels.without(b.matching().labels());
            }
            out.add(new Sample(labels, v));
        }
        return out;
    }

    private static List<Sample> setOp(Expr.Binary b, List<Sample> lhs, List<Sample> rhs) {
        List<Sample> out = new ArrayList<>();
        switch (b.op()) {
            case AND, UNLESS -> {
                Set<Labels> right = new HashSet<>();
                for (Sample s : rhs) {
                    right.add(signature(s.labels(), b.matching()));
                }
                boolean and = b.op() == BinaryOp.AND;
                for (Sample s : lhs) {
                    if (right.contains(signature(s.labels(), b.matching())) == and) {
                        out.add(s);
                    }
                }
            }
            default -> {
                Set<Labels> left = new HashSet<>();
                for (Sample s : lhs) {
                    left.add(signature(s.labels(), b.matching()));
                    out.add(s);
                }
                for (Sample s : rhs) {
                    if (!left.contains(signature(s.labels(), b.matching()))) {
                        out.add(s);
                    }
                }
            }
        }
        return out;
    }

    private static double apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case DIV -> l / r;
            case MOD -> l % r;
            case POW -> goPow(l, r);
            default -> l;
        };
    }

    /**
     * {@code l ^ r} as Go's {@code math.Pow} computes it, which Prometheus uses: the same as Java's
     * {@link Math#pow} except that {@code 1 ^ y} is 1 for every {@code y} (NaN and ±Inf included)
     * and {@code -1 ^ ±Inf} is 1, where Java gives NaN.
     */
    static double goPow(double l, double r) {
        if (l == 1 || (l == -1 && Double.isInfinite(r))) {
            return 1;
        }
        return Math.pow(l, r);
    }

    private static boolean comparison(BinaryOp op, double l, double r) {
        return switch (op) {
            case EQL -> l == r;
            case NEQ -> l != r;
            case GTR -> l > r;
            case LSS -> l < r;
            case GTE -> l >= r;
            case LTE -> l <= r;
            default -> throw new IllegalStateException(op + " is not a comparison");
        };
    }

    private static void requireUnique(List<Sample> samples, Expr at) {
        if (samples.size() < 2) {
            return;
        }
        Set<Labels> seen = new HashSet<>();
        for (Sample s : samples) {
            if (!seen.add(s.labels())) {
                throw new PromQLException(
                        "vector cannot contain metrics with the same labelset: " + s.labels(),
                        at.position());
            }
        }
    }
}
