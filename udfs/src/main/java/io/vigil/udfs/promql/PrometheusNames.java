package io.vigil.udfs.promql;

import io.vigil.udfs.model.MetricType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Prometheus names of OpenTelemetry metrics and attributes: what a metric called {@code
 * http.server.request.duration} with unit {@code s} is called in PromQL ({@code
 * http_server_request_duration_seconds}, with series {@code _bucket}, {@code _sum} and {@code
 * _count}), and what its attribute {@code http.request.method} is called as a label ({@code
 * http_request_method}).
 *
 * <p>The rules are those of the OpenTelemetry specification "Prometheus and OpenMetrics
 * Compatibility" (section "OTLP Metric points to Prometheus": metric metadata, sums, metric
 * attributes) and, where the specification leaves a choice, those of the OpenTelemetry Collector's
 * Prometheus translator ({@code pkg/translator/prometheus}, now {@code prometheus/otlptranslator})
 * with unit and type suffixes on, so that the names are the ones the Collector's Prometheus
 * exporters and Prometheus' own OTLP receiver write.
 *
 * <h2>Metric names ({@link #metricName})</h2>
 *
 * <ol>
 *   <li>Every character outside {@code [a-zA-Z0-9:]} separates words: dots and other invalid
 *       characters become {@code _}, runs of {@code _} collapse to one, leading and trailing {@code
 *       _} are dropped ({@code (lambda).function.executions(#)} → {@code
 *       lambda_function_executions}, {@code envoy__rule} → {@code envoy_rule}). Colons are valid
 *       Prometheus name characters and are kept.
 *   <li>The unit ({@link #unitName}) is appended unless the name already ends with it, word for
 *       word, once any type suffix ({@code _total}, {@code _ratio}) is set aside: {@code
 *       system.network.io}, {@code By}, monotonic sum → {@code system_network_io_bytes_total};
 *       {@code response_time_seconds}, {@code s} → {@code response_time_seconds}. A unit that is a
 *       rate ({@code By/s}) is appended in two parts, main unit and {@code per_} unit, each only if
 *       not already there: {@code io_bytes}, {@code By/s} → {@code io_bytes_per_second}.
 *   <li>A monotonic sum gets {@code _total} last; a {@code _total} already at the end of the name
 *       is moved behind the unit ({@code foo_total}, {@code s} → {@code foo_seconds_total}).
 *   <li>A gauge whose unit is exactly {@code 1} gets {@code _ratio} last, the same way ({@code
 *       system.cpu.utilization} → {@code system_cpu_utilization_ratio}). Only gauges: sums and
 *       histograms with unit {@code 1} are counts, not ratios ({@code objects}, {@code 1},
 *       monotonic sum → {@code objects_total}). This suffix is the translator's: the specification
 *       used to turn unit {@code 1} into {@code ratio} for every kind and no longer does.
 *   <li>A name that would start with a digit gets a {@code _} in front ({@code 3.14 digits} →
 *       {@code _3_14_digits}).
 * </ol>
 *
 * <p>Where the translator and the specification disagree, this class follows the specification: the
 * unit is left out only when the name <em>ends</em> with it (the translator leaves it out when any
 * word of the name equals it, so {@code system.network.packets.dropped}, unit {@code packets}, is
 * {@code system_network_packets_dropped} there and {@code system_network_packets_dropped_packets}
 * here), and only a trailing {@code _total} or {@code _ratio} is moved (the translator drops every
 * word {@code total}). {@code TiBy} is {@code tebibytes} as in the specification's table (the
 * translator writes {@code tibibytes}).
 *
 * <p>Invariants: every name returned matches {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, has no {@code __},
 * and translating it again with the same unit and kind returns it unchanged (a name that starts
 * with {@code _} followed by a letter is the exception: rule 1 drops the {@code _}).
 *
 * <h2>Units ({@link #unitName})</h2>
 *
 * UCUM units of the specification's table become words ({@link #UNIT_WORDS}: {@code s} → {@code
 * seconds}, {@code MiBy} → {@code mebibytes}, {@code Cel} → {@code celsius}, {@code %} → {@code
 * percent}); {@code 1} becomes nothing; annotations in braces are dropped, and so is a whole main
 * or per part that contains one ({@code {request}} → nothing, {@code {request}/s} → {@code
 * per_second}); {@code a/b} becomes {@code a_per_b} with the per unit in the singular ({@link
 * #PER_UNIT_WORDS}: {@code By/s} → {@code bytes_per_second}, {@code 1/s} → {@code per_second},
 * {@code km/h} → {@code km_per_hour}); any other unit is kept, cleaned to {@code [a-zA-Z0-9_]}
 * ({@code packets} → {@code packets}, {@code °F} → {@code F}). Units are not converted to base
 * units: {@code ms} stays {@code milliseconds}.
 *
 * <h2>Labels ({@link #labelName})</h2>
 *
 * Characters outside {@code [a-zA-Z0-9]} become {@code _}, runs of {@code _} collapse to one (so an
 * attribute never yields a label in Prometheus' reserved {@code __} namespace: {@code __name__} →
 * {@code _name_}), and a key that would start with a digit gets {@code key_} in front ({@code 2
 * cents} → {@code key_2_cents}). Prometheus' translator instead keeps a key of the form {@code
 * __x__} whole, and older Collectors kept any leading {@code __} and put {@code key} before a
 * single leading {@code _}; the specification's collapsing is followed here.
 *
 * <p>Stateless and thread-safe.
 */
public final class PrometheusNames {

    /**
     * The kinds of OpenTelemetry metric that name differently. Temporality does not change a name:
     * a delta sum or histogram is converted to cumulative (or dropped) before it reaches
     * Prometheus.
     */
    public enum Kind {
        /** An OTLP Gauge: a Prometheus gauge. */
        GAUGE,
        /**
         * An OTLP Sum with {@code is_monotonic}: a Prometheus counter, name ending in {@code
         * _total}.
         */
        MONOTONIC_SUM,
        /** An OTLP Sum without {@code is_monotonic}: a Prometheus gauge. */
        NON_MONOTONIC_SUM,
        /**
         * An OTLP Histogram: a classic Prometheus histogram (series {@link
         * PrometheusNames#histogramSeries}).
         */
        HISTOGRAM,
        /** An OTLP ExponentialHistogram: a Prometheus native histogram, one series. */
        EXPONENTIAL_HISTOGRAM,
        /**
         * An OTLP Summary: a Prometheus summary (series {@code name}, {@code _sum}, {@code
         * _count}).
         */
        SUMMARY;

        /**
         * The kind of a metric of Vigil's model.
         *
         * @param monotonic whether a {@link MetricType#SUM} is monotonic; ignored for other types
         */
        public static Kind of(MetricType type, boolean monotonic) {
            return switch (type) {
                case GAUGE -> GAUGE;
                case SUM -> monotonic ? MONOTONIC_SUM : NON_MONOTONIC_SUM;
                case HISTOGRAM -> HISTOGRAM;
                case EXPONENTIAL_HISTOGRAM -> EXPONENTIAL_HISTOGRAM;
                case SUMMARY -> SUMMARY;
            };
        }
    }

    /** Suffix of a classic histogram's cumulative bucket counters (label {@link #LE_LABEL}). */
    public static final String BUCKET_SUFFIX = "_bucket";

    /** Suffix of the sum of the observations of a histogram or summary. */
    public static final String SUM_SUFFIX = "_sum";

    /** Suffix of the count of the observations of a histogram or summary. */
    public static final String COUNT_SUFFIX = "_count";

    /** Suffix of a monotonic sum (a counter). */
    public static final String TOTAL_SUFFIX = "_total";

    /** Suffix of a gauge with unit {@code 1}. */
    public static final String RATIO_SUFFIX = "_ratio";

    /** Label of a {@code _bucket} series: the bucket's upper bound, {@code +Inf} for the last. */
    public static final String LE_LABEL = "le";

    /** Label of a summary's quantile series: the quantile, between 0 and 1. */
    public static final String QUANTILE_LABEL = "quantile";

    /**
     * UCUM unit → Prometheus unit word: the specification's table (both directions use it), plus
     * the Collector's {@code KBy} for kilobytes and {@code 1} (a count or ratio, no word).
     */
    public static final Map<String, String> UNIT_WORDS =
            Map.ofEntries(
                    // time
                    Map.entry("d", "days"),
                    Map.entry("h", "hours"),
                    Map.entry("min", "minutes"),
                    Map.entry("s", "seconds"),
                    Map.entry("ms", "milliseconds"),
                    Map.entry("us", "microseconds"),
                    Map.entry("ns", "nanoseconds"),
                    // bytes
                    Map.entry("By", "bytes"),
                    Map.entry("KiBy", "kibibytes"),
                    Map.entry("MiBy", "mebibytes"),
                    Map.entry("GiBy", "gibibytes"),
                    Map.entry("TiBy", "tebibytes"),
                    Map.entry("kBy", "kilobytes"),
                    Map.entry("KBy", "kilobytes"),
                    Map.entry("MBy", "megabytes"),
                    Map.entry("GBy", "gigabytes"),
                    Map.entry("TBy", "terabytes"),
                    // SI
                    Map.entry("m", "meters"),
                    Map.entry("V", "volts"),
                    Map.entry("A", "amperes"),
                    Map.entry("J", "joules"),
                    Map.entry("W", "watts"),
                    Map.entry("g", "grams"),
                    // misc
                    Map.entry("Cel", "celsius"),
                    Map.entry("Hz", "hertz"),
                    Map.entry("1", ""),
                    Map.entry("%", "percent"));

    /**
     * UCUM unit after the {@code /} of a rate → singular word: the Collector's table ({@code m} is
     * a minute there, not a metre), plus {@code min}, the UCUM minute.
     */
    public static final Map<String, String> PER_UNIT_WORDS =
            Map.of(
                    "s", "second",
                    "m", "minute",
                    "min", "minute",
                    "h", "hour",
                    "d", "day",
                    "w", "week",
                    "mo", "month",
                    "y", "year");

    private static final String TOTAL = "total";
    private static final String RATIO = "ratio";
    private static final String PER = "per";

    private PrometheusNames() {}

    /**
     * The Prometheus name of an OpenTelemetry metric (the class comment has the rules). For a
     * histogram or summary it is the base name of its series ({@link #seriesNames}).
     *
     * <pre>
     * metricName("http.server.request.duration", "s", HISTOGRAM)  = "http_server_request_duration_seconds"
     * metricName("http.server.requests", "{request}", MONOTONIC_SUM) = "http_server_requests_total"
     * metricName("system.network.io", "By", MONOTONIC_SUM)         = "system_network_io_bytes_total"
     * metricName("system.cpu.utilization", "1", GAUGE)             = "system_cpu_utilization_ratio"
     * metricName("process.network.io", "By/s", GAUGE)              = "process_network_io_bytes_per_second"
     * </pre>
     *
     * @param unit the UCUM unit; {@code null} or blank for none
     * @throws IllegalArgumentException if neither name nor unit has a letter or digit
     */
    public static String metricName(String otelName, String unit, Kind kind) {
        Objects.requireNonNull(otelName, "otelName");
        Objects.requireNonNull(kind, "kind");
        String u = unit == null ? "" : unit.strip();
        List<String> words = words(otelName, true);
        List<String> main = words(mainUnitWord(u), false);
        List<String> per = perUnitWords(u);
        String type =
                kind == Kind.MONOTONIC_SUM
                        ? TOTAL
                        : kind == Kind.GAUGE && u.equals("1") ? RATIO : null;

        if (type != null) {
            dropSuffix(words, List.of(type));
        }
        dropSuffix(words, per);
        if (!endsWith(words, main)) {
            words.addAll(main);
        }
        words.addAll(per);
        if (type != null) {
            words.add(type);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(
                    "metric name '"
                            + otelName
                            + "' with unit '"
                            + u
                            + "' gives no name: neither has a letter or digit");
        }
        String name = String.join("_", words);
        return isDigit(name.charAt(0)) ? "_" + name : name;
    }

    /**
     * The Prometheus unit word of a UCUM unit (the UNIT metadata, and the unit suffix of {@link
     * #metricName}), empty for none.
     *
     * <pre>
     * unitName("s") = "seconds"     unitName("By/s") = "bytes_per_second"   unitName("1/s") = "per_second"
     * unitName("1") = ""            unitName("{request}") = ""              unitName("%") = "percent"
     * </pre>
     *
     * @param unit the UCUM unit; {@code null} or blank for none
     */
    public static String unitName(String unit) {
        String u = unit == null ? "" : unit.strip();
        List<String> words = words(mainUnitWord(u), false);
        words.addAll(perUnitWords(u));
        return String.join("_", words);
    }

    /** Whether {@code s} is a valid Prometheus metric name: {@code [a-zA-Z_:][a-zA-Z0-9_:]*}. */
    public static boolean isValidMetricName(String s) {
        return isName(s, true);
    }

    /** Whether {@code s} is a valid Prometheus label name: {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
    public static boolean isValidLabelName(String s) {
        return isName(s, false);
    }

    private static boolean isName(String s, boolean colons) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok =
                    (c >= 'a' && c <= 'z')
                            || (c >= 'A' && c <= 'Z')
                            || c == '_'
                            || (colons && c == ':')
                            || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** Whether {@link #labelName} gives a name for the key: it has an ASCII letter or digit. */
    public static boolean hasLabelName(String otelAttributeKey) {
        for (int i = 0; i < otelAttributeKey.length(); i++) {
            if (isAsciiLetterOrDigit(otelAttributeKey.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The Prometheus label name of an OpenTelemetry attribute key: invalid characters become {@code
     * _}, runs of {@code _} collapse to one, a leading digit gets {@code key_} in front.
     *
     * <pre>
     * labelName("service.name") = "service_name"      labelName("2 cents") = "key_2_cents"
     * labelName("__name__")     = "_name_"            labelName("_name")   = "_name"
     * </pre>
     *
     * @throws IllegalArgumentException if the key has no letter or digit (it would be {@code _} or
     *     empty)
     */
    public static String labelName(String otelAttributeKey) {
        Objects.requireNonNull(otelAttributeKey, "otelAttributeKey");
        StringBuilder label = new StringBuilder(otelAttributeKey.length() + 4);
        boolean letterOrDigit = false;
        for (int i = 0; i < otelAttributeKey.length(); ) {
            int c = otelAttributeKey.codePointAt(i);
            i += Character.charCount(c);
            if (isAsciiLetterOrDigit(c)) {
                label.append((char) c);
                letterOrDigit = true;
            } else if (label.length() == 0 || label.charAt(label.length() - 1) != '_') {
                label.append('_');
            }
        }
        if (!letterOrDigit) {
            throw new IllegalArgumentException(
                    "attribute key '" + otelAttributeKey + "' has no letter or digit");
        }
        return isDigit(label.charAt(0)) ? "key_" + label : label.toString();
    }

    /**
     * The series of a classic histogram named {@code base}: {@code base_bucket}, {@code base_sum},
     * {@code base_count}.
     */
    public static List<String> histogramSeries(String base) {
        return List.of(base + BUCKET_SUFFIX, base + SUM_SUFFIX, base + COUNT_SUFFIX);
    }

    /**
     * The names of the series a metric of this kind named {@code base} (from {@link #metricName})
     * is written as: {@code base} alone for gauges, sums and exponential (native) histograms, the
     * {@link #histogramSeries} for histograms, {@code base} (the quantiles), {@code base_sum} and
     * {@code base_count} for summaries. The optional {@code _created} series of the start time is
     * not listed.
     */
    public static List<String> seriesNames(String base, Kind kind) {
        return switch (kind) {
            case GAUGE, MONOTONIC_SUM, NON_MONOTONIC_SUM, EXPONENTIAL_HISTOGRAM -> List.of(base);
            case HISTOGRAM -> histogramSeries(base);
            case SUMMARY -> List.of(base, base + SUM_SUFFIX, base + COUNT_SUFFIX);
        };
    }

    /** The word of the unit before any {@code /}, or "" if none or an annotation. */
    private static String mainUnitWord(String unit) {
        int slash = unit.indexOf('/');
        String main = (slash < 0 ? unit : unit.substring(0, slash)).strip();
        if (main.isEmpty() || hasBrace(main)) {
            return "";
        }
        return UNIT_WORDS.getOrDefault(main, main);
    }

    /** {@code per} and the words of the unit after the first {@code /}, or none. */
    private static List<String> perUnitWords(String unit) {
        int slash = unit.indexOf('/');
        String per = slash < 0 ? "" : unit.substring(slash + 1).strip();
        if (per.isEmpty() || hasBrace(per)) {
            return new ArrayList<>();
        }
        List<String> words = words(PER_UNIT_WORDS.getOrDefault(per, per), false);
        if (!words.isEmpty()) {
            words.add(0, PER);
        }
        return words;
    }

    /**
     * The runs of {@code [a-zA-Z0-9]} (and {@code :} in metric names) of a string, in order: the
     * words an underscore-separated name is made of.
     */
    private static List<String> words(String s, boolean colonIsValid) {
        List<String> words = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            boolean valid = isAsciiLetterOrDigit(c) || (colonIsValid && c == ':');
            if (valid && start < 0) {
                start = i;
            } else if (!valid && start >= 0) {
                words.add(s.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    private static boolean endsWith(List<String> words, List<String> suffix) {
        int offset = words.size() - suffix.size();
        return offset >= 0 && words.subList(offset, words.size()).equals(suffix);
    }

    private static void dropSuffix(List<String> words, List<String> suffix) {
        if (!suffix.isEmpty() && endsWith(words, suffix)) {
            words.subList(words.size() - suffix.size(), words.size()).clear();
        }
    }

    private static boolean hasBrace(String s) {
        return s.indexOf('{') >= 0 || s.indexOf('}') >= 0;
    }

    private static boolean isAsciiLetterOrDigit(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c);
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }
}
