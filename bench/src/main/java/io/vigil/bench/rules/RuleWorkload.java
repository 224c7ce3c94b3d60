package io.vigil.bench.rules;

import io.vigil.udfs.promql.Labels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded synthetic rule workload for {@link RuleBench}: series spread over 100 metric names (40
 * counters, 55 gauges, 5 classic histograms) × services × instances × routes, with the labels
 * Vigil's {@code PointSamples} gives OTLP points ({@code job}, {@code instance}, {@code
 * service_name}, plus the point's {@code route} attribute), values from a seeded random walk, and
 * alerting rules of the shapes real rule files have, each selecting one metric name and usually one
 * service ({@link Shape}).
 *
 * <p>Layout: the {@code j}-th series of a counter or gauge has service {@code j % 20}, instance
 * {@code (j / 20) % 5} and route {@code j / 100}; a histogram's series are its {@code le} buckets
 * (10) × service × instance × route, the buckets of one instance adjacent. With 100,000 series
 * every name has 1,000 series: 50 per service.
 *
 * <p>Everything comes from the seed: two {@link Values} of the same workload produce the same
 * samples.
 */
public final class RuleWorkload {
    /** One sample per series every 15 s, and one rule evaluation every 15 s. */
    public static final Duration STEP = Duration.ofSeconds(15);

    /** Services; instances per service. */
    public static final int SERVICES = 20;

    public static final int INSTANCES = 5;

    static final String[] LE = {
        "0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "+Inf"
    };

    /** The cumulative share of requests at or below each {@link #LE} bound, before slow-downs. */
    private static final double[] SHARE = {0.02, 0.06, 0.15, 0.3, 0.5, 0.75, 0.9, 0.96, 0.992, 1.0};

    /** The rule shapes, in the order rules cycle through them. */
    public enum Shape {
        /** {@code gauge{service_name="s"} > k}, for 5m. */
        GAUGE_THRESHOLD,
        /** {@code sum by (service_name) (rate(counter{service_name="s"}[5m])) > k}, for 2m. */
        RATE_SUM,
        /**
         * {@code sum by (service_name)(rate(errors[5m])) / sum by (service_name)(rate(total[5m]))}.
         */
        ERROR_RATIO,
        /** {@code avg_over_time(gauge{service_name="s"}[10m]) > k}, for 10m. */
        AVG_OVER_TIME,
        /** {@code max_over_time(gauge{service_name="s", route=~"…"}[10m]) > k}. */
        MAX_OVER_TIME,
        /** {@code histogram_quantile(0.99, sum by (service_name, le) (rate(x_bucket{…}[5m])))}. */
        HISTOGRAM_QUANTILE,
        /** {@code absent(gauge{service_name="s", instance="i"})}, for 2m. */
        ABSENT,
        /** Fleet-wide, no service matcher: an error ratio or a {@code max by (service_name)}. */
        FLEET
    }

    enum Kind {
        COUNTER,
        ERRORS,
        GAUGE,
        BUCKET
    }

    /** A metric name and how its values move. */
    record Family(String name, Kind kind, double scale) {}

    /** One alerting rule of the workload. */
    public record RuleSpec(String name, Shape shape, String expr, String forDuration) {}

    private static final String[][] PAIRS = {
        {"http_server_requests_total", "http_server_errors_total"},
        {"grpc_server_handled_total", "grpc_server_errors_total"},
        {"db_client_queries_total", "db_client_query_errors_total"},
        {"messaging_consumed_total", "messaging_consume_errors_total"},
        {"cache_requests_total", "cache_request_errors_total"},
        {"http_client_requests_total", "http_client_errors_total"},
        {"jobs_processed_total", "jobs_failed_total"},
        {"auth_attempts_total", "auth_failures_total"},
        {"payments_attempted_total", "payments_failed_total"},
        {"uploads_total", "upload_errors_total"}
    };

    private static final String[] COUNTERS = {
        "process_cpu_seconds_total",
        "jvm_gc_collections_total",
        "network_received_bytes_total",
        "network_transmitted_bytes_total",
        "disk_read_bytes_total",
        "disk_written_bytes_total",
        "log_messages_total",
        "retries_total",
        "timeouts_total",
        "circuit_breaker_opened_total",
        "emails_sent_total",
        "events_published_total",
        "tokens_issued_total",
        "cache_evictions_total",
        "connections_opened_total",
        "messages_produced_total",
        "rate_limited_requests_total",
        "feature_flag_evaluations_total",
        "db_client_rows_read_total",
        "search_queries_total"
    };

    private static final String[] HISTOGRAMS = {
        "http_server_request_duration_seconds_bucket",
        "grpc_server_duration_seconds_bucket",
        "db_client_duration_seconds_bucket",
        "messaging_process_duration_seconds_bucket",
        "http_client_request_duration_seconds_bucket"
    };

    private static final String[] RATIO_GAUGES = {
        "cpu_usage_ratio",
        "memory_usage_ratio",
        "disk_usage_ratio",
        "filesystem_usage_ratio",
        "jvm_heap_used_ratio",
        "jvm_nonheap_used_ratio",
        "connection_pool_usage_ratio",
        "thread_pool_usage_ratio",
        "cache_hit_ratio",
        "swap_usage_ratio",
        "gc_pause_ratio",
        "cpu_throttled_ratio",
        "network_utilization_ratio",
        "db_pool_usage_ratio",
        "worker_busy_ratio"
    };

    private static final String[] GAUGES = {
        "queue_depth",
        "threads_active",
        "open_file_descriptors",
        "connections_active",
        "inflight_requests",
        "db_connections_active",
        "pending_jobs",
        "sessions_active",
        "websocket_connections",
        "kafka_consumer_lag_messages",
        "replication_lag_seconds",
        "cache_entries",
        "temperature_celsius",
        "load_average_1m",
        "jvm_threads_live",
        "jvm_classes_loaded",
        "http_server_active_requests",
        "grpc_streams_active",
        "batch_size",
        "scheduler_delay_seconds",
        "lock_wait_seconds",
        "request_queue_seconds",
        "event_loop_lag_seconds",
        "certificate_expiry_days",
        "config_age_seconds",
        "feature_flags_active",
        "last_success_age_seconds",
        "dns_lookup_seconds",
        "tls_handshake_seconds",
        "pods_ready",
        "replicas_available",
        "memory_available_megabytes",
        "disk_io_time_seconds",
        "container_restarts",
        "leader_elections",
        "raft_commit_lag",
        "backup_age_hours",
        "index_size_megabytes",
        "goroutines",
        "heap_objects_thousands"
    };

    private final long seed;
    private final List<Family> families = new ArrayList<>();
    private final Labels[] labels;
    private final int[] familyOf;
    private final int[] bucketOf;
    private final int[] serviceOf;
    private final List<RuleSpec> rules = new ArrayList<>();
    private final int[] familyIndexOfPairs = new int[PAIRS.length * 2];

    private RuleWorkload(int seriesCount, int ruleCount, long seed) {
        this.seed = seed;
        for (String[] pair : PAIRS) {
            familyIndexOfPairs[families.size()] = families.size();
            families.add(new Family(pair[0], Kind.COUNTER, 50));
            families.add(new Family(pair[1], Kind.ERRORS, 50 * 0.01));
        }
        for (String c : COUNTERS) {
            families.add(new Family(c, Kind.COUNTER, 20));
        }
        for (String h : HISTOGRAMS) {
            families.add(new Family(h, Kind.BUCKET, 20));
        }
        for (String g : RATIO_GAUGES) {
            families.add(new Family(g, Kind.GAUGE, 1));
        }
        for (String g : GAUGES) {
            families.add(new Family(g, Kind.GAUGE, 100));
        }
        this.labels = new Labels[seriesCount];
        this.familyOf = new int[seriesCount];
        this.bucketOf = new int[seriesCount];
        this.serviceOf = new int[seriesCount];
        layOut(seriesCount);
        makeRules(ruleCount);
    }

    /** The workload of {@code series} series and {@code rules} alerting rules. */
    public static RuleWorkload create(int series, int rules, long seed) {
        if (series < 1 || rules < 1) {
            throw new IllegalArgumentException("series and rules must be positive");
        }
        return new RuleWorkload(series, rules, seed);
    }

    private static String service(int s) {
        return String.format(Locale.ROOT, "svc-%02d", s);
    }

    private static String instance(int s, int i) {
        return String.format(Locale.ROOT, "10.%d.0.%d:8080", s, i + 1);
    }

    private static String route(int r) {
        return String.format(Locale.ROOT, "/api/r%02d", r);
    }

    private void layOut(int seriesCount) {
        int m = families.size();
        String[] services = new String[SERVICES];
        String[][] instances = new String[SERVICES][INSTANCES];
        for (int s = 0; s < SERVICES; s++) {
            services[s] = service(s);
            for (int i = 0; i < INSTANCES; i++) {
                instances[s][i] = instance(s, i);
            }
        }
        List<String> routes = new ArrayList<>();
        int index = 0;
        for (int f = 0; f < m; f++) {
            int count = seriesCount / m + (f < seriesCount % m ? 1 : 0);
            Family family = families.get(f);
            boolean bucket = family.kind() == Kind.BUCKET;
            for (int j = 0; j < count; j++) {
                int k = bucket ? j / LE.length : j;
                int s = k % SERVICES;
                int i = (k / SERVICES) % INSTANCES;
                int r = k / (SERVICES * INSTANCES);
                while (routes.size() <= r) {
                    routes.add(route(routes.size()));
                }
                List<String> pairs = new ArrayList<>();
                pairs.add(Labels.NAME);
                pairs.add(family.name());
                pairs.add("job");
                pairs.add(services[s]);
                pairs.add("service_name");
                pairs.add(services[s]);
                pairs.add("instance");
                pairs.add(instances[s][i]);
                pairs.add("route");
                pairs.add(routes.get(r));
                if (bucket) {
                    pairs.add("le");
                    pairs.add(LE[j % LE.length]);
                }
                labels[index] = Labels.of(pairs.toArray(String[]::new));
                familyOf[index] = f;
                bucketOf[index] = bucket ? j % LE.length : -1;
                serviceOf[index] = s;
                index++;
            }
        }
    }

    private List<Integer> familiesOf(Kind kind) {
        List<Integer> out = new ArrayList<>();
        for (int f = 0; f < families.size(); f++) {
            if (families.get(f).kind() == kind) {
                out.add(f);
            }
        }
        return out;
    }

    private void makeRules(int ruleCount) {
        List<Integer> gauges = familiesOf(Kind.GAUGE);
        List<Integer> counters = familiesOf(Kind.COUNTER);
        List<Integer> histograms = familiesOf(Kind.BUCKET);
        Shape[] shapes = Shape.values();
        for (int k = 0; k < ruleCount; k++) {
            Shape shape = shapes[k % shapes.length];
            int cycle = k / shapes.length;
            String svc = service((k * 7 + cycle) % SERVICES);
            Family gauge = families.get(gauges.get((cycle * 3 + k) % gauges.size()));
            Family counter = families.get(counters.get((cycle + k) % counters.size()));
            String[] pair = PAIRS[cycle % PAIRS.length];
            Family histogram = families.get(histograms.get(cycle % histograms.size()));
            String name = String.format(Locale.ROOT, "Rule%04d_%s", k, camel(shape));
            String expr;
            String forDuration;
            switch (shape) {
                case GAUGE_THRESHOLD -> {
                    expr = sel(gauge, "service_name=\"" + svc + "\"") + " > " + num(0.85, gauge);
                    forDuration = "5m";
                }
                case RATE_SUM -> {
                    expr =
                            "sum by (service_name) (rate("
                                    + sel(counter, "service_name=\"" + svc + "\"")
                                    + "[5m])) > "
                                    + num(SERVICE_SERIES * 1.3, counter);
                    forDuration = "2m";
                }
                case ERROR_RATIO -> {
                    String m = "{service_name=\"" + svc + "\"}";
                    expr = errorRatio(pair, m);
                    forDuration = "5m";
                }
                case AVG_OVER_TIME -> {
                    expr =
                            "avg_over_time("
                                    + sel(gauge, "service_name=\"" + svc + "\"")
                                    + "[10m]) > "
                                    + num(0.7, gauge);
                    forDuration = "10m";
                }
                case MAX_OVER_TIME -> {
                    expr =
                            "max_over_time("
                                    + sel(
                                            gauge,
                                            "service_name=\"" + svc + "\", route=~\"/api/r0[0-4]\"")
                                    + "[10m]) > "
                                    + num(0.95, gauge);
                    forDuration = "0s";
                }
                case HISTOGRAM_QUANTILE -> {
                    expr =
                            "histogram_quantile(0.99, sum by (service_name, le) (rate("
                                    + sel(histogram, "service_name=\"" + svc + "\"")
                                    + "[5m]))) > 2";
                    forDuration = "5m";
                }
                case ABSENT -> {
                    int inst = cycle % INSTANCES;
                    int s = (k * 7 + cycle) % SERVICES;
                    expr =
                            "absent("
                                    + sel(
                                            gauge,
                                            "service_name=\""
                                                    + svc
                                                    + "\", instance=\""
                                                    + instance(s, inst)
                                                    + "\"")
                                    + ")";
                    forDuration = "2m";
                }
                default -> {
                    if (cycle % 2 == 0) {
                        expr = errorRatio(pair, "");
                    } else {
                        expr = "max by (service_name) (" + gauge.name() + ") > " + num(0.98, gauge);
                    }
                    forDuration = "5m";
                }
            }
            rules.add(new RuleSpec(name, shape, expr, forDuration));
        }
    }

    /** Series per service of a counter or gauge with 1,000 series (instances × routes). */
    private static final double SERVICE_SERIES = 50;

    private static String errorRatio(String[] pair, String matchers) {
        return "sum by (service_name) (rate("
                + pair[1]
                + matchers
                + "[5m])) / sum by (service_name) (rate("
                + pair[0]
                + matchers
                + "[5m])) > 0.05";
    }

    private static String sel(Family f, String matchers) {
        return f.name() + "{" + matchers + "}";
    }

    private static String num(double fraction, Family f) {
        return String.format(Locale.ROOT, "%.6g", fraction * f.scale());
    }

    private static String camel(Shape s) {
        StringBuilder b = new StringBuilder();
        for (String part : s.name().toLowerCase(Locale.ROOT).split("_")) {
            b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return b.toString();
    }

    /** The series, in the order {@link Values#next} fills values. */
    public Labels[] labels() {
        return labels;
    }

    /** How many series. */
    public int seriesCount() {
        return labels.length;
    }

    /** How many metric names. */
    public int metricNames() {
        return families.size();
    }

    /** The rules, in file order. */
    public List<RuleSpec> rules() {
        return rules;
    }

    /**
     * The rules as a Prometheus rule file: groups of {@code groupSize} rules, each evaluated every
     * {@link #STEP}.
     */
    public String rulesYaml(int groupSize) {
        StringBuilder b = new StringBuilder("groups:\n");
        for (int g = 0; g * groupSize < rules.size(); g++) {
            b.append(String.format(Locale.ROOT, "  - name: bench-%03d%n", g));
            b.append("    interval: ").append(STEP.toSeconds()).append("s\n");
            b.append("    rules:\n");
            for (RuleSpec r :
                    rules.subList(g * groupSize, Math.min(rules.size(), (g + 1) * groupSize))) {
                b.append("      - alert: ").append(r.name()).append('\n');
                b.append("        expr: '").append(r.expr()).append("'\n");
                b.append("        for: ").append(r.forDuration()).append('\n');
                b.append("        labels:\n");
                b.append("          severity: ")
                        .append(r.shape() == Shape.ERROR_RATIO ? "critical" : "warning")
                        .append('\n');
                b.append("          team: team-").append(g % 8).append('\n');
                b.append("        annotations:\n");
                b.append("          summary: '")
                        .append(r.shape().name().toLowerCase(Locale.ROOT))
                        .append(" on {{ $labels.service_name }} {{ $labels.instance }}'\n");
                b.append("          description: 'value {{ $value }}'\n");
            }
        }
        return b.toString();
    }

    /** A fresh random walk over the workload's series, from the workload's seed. */
    public Values values() {
        return new Values();
    }

    /**
     * The series' values, one step at a time: gauges revert to a per-series mean with noise;
     * counters grow at a per-series rate that drifts (error counters at about 1% of their request
     * counter's rate, with more spread); histogram buckets grow cumulatively from a per-instance
     * request rate, with slow-downs that move requests to the upper buckets.
     */
    public final class Values {
        private final SplittableRandom random = new SplittableRandom(seed);
        private final double[] value = new double[labels.length];
        private final double[] level = new double[labels.length];
        private final double[] home = new double[labels.length];
        private final double[] slow = new double[labels.length];

        private Values() {
            for (int i = 0; i < labels.length; i++) {
                Family f = families.get(familyOf[i]);
                switch (f.kind()) {
                    case GAUGE -> {
                        home[i] = f.scale() * (0.2 + 0.5 * random.nextDouble());
                        value[i] = home[i];
                    }
                    case COUNTER, ERRORS, BUCKET -> {
                        home[i] = Math.log(f.scale()) + 0.5 * gaussian();
                        level[i] = home[i];
                        value[i] = Math.floor(random.nextDouble() * 3600 * f.scale());
                    }
                }
            }
        }

        private double gaussian() {
            // Box-Muller from the seeded generator (SplittableRandom has no nextGaussian on 17).
            double u = 1 - random.nextDouble();
            double v = random.nextDouble();
            return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
        }

        /** Advances one {@link #STEP} and writes every series' value to {@code out}. */
        public void next(double[] out) {
            double step = STEP.toSeconds();
            for (int i = 0; i < labels.length; i++) {
                Family f = families.get(familyOf[i]);
                switch (f.kind()) {
                    case GAUGE -> {
                        double v = value[i] + 0.1 * (home[i] - value[i]);
                        v += 0.03 * f.scale() * gaussian();
                        value[i] = Math.max(0, Math.min(f.scale(), v));
                    }
                    case COUNTER -> {
                        level[i] += 0.05 * (home[i] - level[i]) + 0.05 * gaussian();
                        value[i] += Math.round(Math.exp(level[i]) * step);
                    }
                    case ERRORS -> {
                        level[i] += 0.02 * (home[i] - level[i]) + 0.15 * gaussian();
                        value[i] += Math.round(Math.exp(level[i]) * step);
                    }
                    case BUCKET -> {
                        int b = bucketOf[i];
                        int first = i - b;
                        if (b == 0) {
                            level[i] += 0.05 * (home[i] - level[i]) + 0.05 * gaussian();
                            double s = slow[i] + 0.2 * (0 - slow[i]) + 0.01 * gaussian();
                            slow[i] = Math.max(0, Math.min(0.2, s));
                        }
                        double requests = Math.round(Math.exp(level[first]) * step);
                        double share = b == LE.length - 1 ? 1 : SHARE[b] * (1 - slow[first]);
                        value[i] += Math.round(requests * share);
                    }
                }
                out[i] = value[i];
            }
        }
    }
}
