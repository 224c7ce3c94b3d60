package io.vigil.jobs.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.udfs.anomaly.Detectors;
import io.vigil.udfs.forecast.CapacityLimits;
import io.vigil.udfs.forecast.ForecastSettings;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.rules.RuleFileException;
import io.vigil.udfs.rules.RuleFiles;
import io.vigil.udfs.rules.RuleGroup;
import io.vigil.udfs.slo.Slo;
import io.vigil.udfs.slo.SloFiles;
import java.io.IOException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.flink.util.TimeUtils;

/**
 * The one configuration file of a Vigil deployment, parsed once at the edge into immutable typed
 * records and validated. Every error names the file, the dotted key and the fix. The reference with
 * every key and its default is {@code docs/configuration.md}; {@code vigil.example.yaml} is a
 * complete example.
 */
public record VigilConfig(
        Kafka kafka,
        Elasticsearch elasticsearch,
        Jaeger jaeger,
        Traces traces,
        Anomaly anomaly,
        Logs logs,
        Incidents incidents,
        Alertmanager alertmanager,
        Flink flink,
        EventTime eventTime,
        Rules rules,
        Slos slos,
        Health health,
        Forecast forecast)
        implements Serializable {

    /** Kafka input and output. */
    public record Kafka(
            String bootstrapServers,
            String groupId,
            StartingOffsets startingOffsets,
            OtlpEncoding encoding,
            Topics topics,
            boolean bounded,
            Map<String, String> properties)
            implements Serializable {}

    /** Topic names; defaults are the OpenTelemetry Collector kafka exporter's. */
    public record Topics(
            String metrics,
            String logs,
            String spans,
            String deadLetters,
            String topology,
            String derivedMetrics,
            String alerts,
            String incidents)
            implements Serializable {

        /** Every topic the jobs read or write, inputs first. */
        public List<String> all() {
            return List.of(
                    metrics, logs, spans, deadLetters, topology, derivedMetrics, alerts, incidents);
        }

        /** The topics of a configuration that names none: the defaults. */
        public static Topics defaults() {
            return VigilConfig.local("localhost:9092", "http://localhost:9200").kafka().topics();
        }
    }

    /** Where a consumer group with no committed offsets starts. */
    public enum StartingOffsets {
        /** Committed offsets of the group; the earliest offset where none is committed. */
        COMMITTED,
        EARLIEST,
        LATEST;

        static StartingOffsets parse(String text) {
            return valueOf(text.toUpperCase(Locale.ROOT));
        }
    }

    /** The Elasticsearch cluster every job writes to. */
    public record Elasticsearch(
            List<URI> hosts,
            String username,
            String password,
            String indexPrefix,
            boolean applyTemplates,
            Bulk bulk)
            implements Serializable {}

    /** Bulk request sizing and retry of rejected bulk items. */
    public record Bulk(
            int maxActions,
            int maxSizeMb,
            Duration flushInterval,
            int maxRetries,
            Duration retryDelay,
            Duration requestTimeout)
            implements Serializable {}

    /**
     * Jaeger's Elasticsearch span storage, written so jaeger-query reads it directly. The same
     * meaning as jaeger-query's {@code es.index-prefix}, {@code es.num-shards} and {@code
     * es.num-replicas}: set them alike on both sides.
     *
     * @param indexPrefix "" for none, else indices are {@code <prefix>-jaeger-span-YYYY-MM-DD}
     */
    public record Jaeger(String indexPrefix, int shards, int replicas) implements Serializable {}

    /**
     * What the traces job derives from spans beyond storing them.
     *
     * @param window the length of a RED metrics and service-graph window
     * @param allowedLateness how long after a RED window closed a late span still corrects it (the
     *     window's document is rewritten); later spans are counted and left out
     * @param sessionGap a trace is complete when no span of it has ended for this long (event
     *     time); its calls and critical path are computed then
     * @param maxSpansPerTrace a trace holding this many spans is analysed at once and its buffer
     *     emptied (counted), so a trace that never ends cannot grow state without bound
     * @param slowRequestThreshold a request (SERVER, CONSUMER or root span) at least this long is
     *     written with its critical path to {@code <prefix>-slow-requests-*}
     */
    public record Traces(
            Duration window,
            Duration allowedLateness,
            Duration sessionGap,
            int maxSpansPerTrace,
            Duration slowRequestThreshold)
            implements Serializable {}

    /**
     * Anomaly detection on metric series (the metrics job, over {@code otlp_metrics} and {@code
     * vigil.metrics.derived}).
     *
     * @param enabled whether the metrics job detects anomalies at all
     * @param threshold the anomaly score at or above which a point fires an alert, in (0, 1]
     * @param resolveAfter an alert resolves when the score has stayed below the threshold this long
     * @param rollupPeriod the period of the {@code <prefix>-metrics-*} rollups; divides an hour
     * @param idleTimeout a series that sends nothing for this long is forgotten (its model too)
     * @param maxSeriesPerSubtask the most series one parallel instance models; points of further
     *     series are counted ({@code seriesOverflowed}) and not modelled
     */
    public record Anomaly(
            boolean enabled,
            double threshold,
            Duration resolveAfter,
            Duration rollupPeriod,
            Duration idleTimeout,
            int maxSeriesPerSubtask)
            implements Serializable {}

    /**
     * Log template mining (the logs job).
     *
     * @param newTemplateAlert how long a "new log template" info alert stays firing
     * @param templateIdleTimeout a template not seen for this long is forgotten (and is new again
     *     when it comes back); longer than {@code newTemplateAlert}
     */
    public record Logs(Duration newTemplateAlert, Duration templateIdleTimeout)
            implements Serializable {}

    /**
     * Incident correlation (the incidents job).
     *
     * @param window how long after an incident's last activity an alert on a connected service
     *     still joins it
     * @param resolveAfter how long every member must stay resolved before the incident resolves
     * @param escalateAfter how long an incident may fire before it is raised one severity
     * @param maxOpen the bound on open incidents
     * @param edgeTtl a call edge the traces have not shown for this long leaves the graph
     * @param flapCount an alert that resolves this many times within {@code flapWindow} flaps
     * @param flapWindow the window of {@code flapCount}; a flapping alert holds its incident open
     *     this long after its last flap
     * @param minAlerts how many different alerts confirm an incident before anyone is told (a
     *     critical alert, one that fires again or one firing for {@code window} confirms alone)
     */
    public record Incidents(
            Duration window,
            Duration resolveAfter,
            Duration escalateAfter,
            int maxOpen,
            Duration edgeTtl,
            int flapCount,
            Duration flapWindow,
            int minAlerts)
            implements Serializable {}

    /**
     * Delivery of incidents to Alertmanager (the incidents job).
     *
     * @param url Alertmanager's base URL; empty: no delivery
     * @param resendInterval how often an incident still firing is posted again
     * @param maxBackoff the longest wait between retries while Alertmanager is unreachable
     * @param maxPending how many incidents may wait for delivery before the job waits
     * @param kibanaUrl Kibana's base URL for the incident link; empty: no link
     * @param jaegerUrl Jaeger UI's base URL for the trace link; empty: no link
     * @param sendMembers whether each member alert of an incident also goes to Alertmanager as its
     *     own alert (labelled with the incident's {@code incident_id}), beside the incident's alert
     */
    public record Alertmanager(
            String url,
            Duration resendInterval,
            Duration maxBackoff,
            int maxPending,
            String kibanaUrl,
            String jaegerUrl,
            boolean sendMembers)
            implements Serializable {}

    /** Flink job settings. {@code configuration} passes raw Flink options through. */
    public record Flink(
            int parallelism, Duration checkpointInterval, Map<String, String> configuration)
            implements Serializable {}

    /**
     * Alerting and recording rules in Prometheus' format, evaluated by the metrics job over the
     * OTLP metrics and Vigil's derived metrics (docs/rules.md).
     *
     * @param files the rule files, relative to the configuration file's directory
     * @param evaluationInterval how often a group without its own {@code interval} is evaluated
     * @param groups the groups of every file, read and checked when the configuration is loaded
     */
    public record Rules(List<String> files, Duration evaluationInterval, List<RuleGroup> groups)
            implements Serializable {
        public Rules {
            files = List.copyOf(files);
            groups = List.copyOf(groups);
        }
    }

    /**
     * Service-level objectives (docs/rules.md), evaluated by the metrics job: burn-rate alerts on
     * {@code vigil.alerts} ({@code source: slo_burn_rate}), status in {@code <prefix>-slo-*}.
     *
     * @param files the SLO files, relative to the configuration file's directory
     * @param evaluationInterval how often each SLO is evaluated (and a status written)
     * @param slos the SLOs of every file, read and checked when the configuration is loaded
     */
    public record Slos(List<String> files, Duration evaluationInterval, List<Slo> slos)
            implements Serializable {
        public Slos {
            files = List.copyOf(files);
            slos = List.copyOf(slos);
        }
    }

    /**
     * Health scores per service and minute (the metrics job; docs/health.md).
     *
     * @param enabled whether the metrics job scores services (it then also reads {@code
     *     vigil.incidents})
     */
    public record Health(boolean enabled) implements Serializable {}

    /**
     * Forecasts, capacity outlooks and predictive alerts per metric series (the metrics job, over
     * anomaly detection's rollups; docs/forecasts.md). Every duration is a whole number of {@code
     * anomaly.rollupPeriod}s, the forecasts' step.
     *
     * @param enabled whether the metrics job forecasts; false whenever anomaly detection is off (it
     *     forecasts from its rollups)
     * @param every how often each series' forecast and capacity documents are written (event time)
     * @param horizons the horizons of the forecast documents
     * @param capacityHorizon the planning horizon of the capacity documents
     * @param utilization the limit of a utilization series ({@code *.utilization}, unit 1)
     * @param thresholds limits of other series, by metric name (they win over {@code utilization})
     * @param alertHorizon a predictive alert fires when a series is likely to reach its limit
     *     within this long
     * @param minConfidence the confidence at or above which the predictive alert fires
     */
    public record Forecast(
            boolean enabled,
            Duration every,
            List<Duration> horizons,
            Duration capacityHorizon,
            double utilization,
            Map<String, Double> thresholds,
            Duration alertHorizon,
            double minConfidence)
            implements Serializable {
        public Forecast {
            horizons = List.copyOf(horizons);
            thresholds = Map.copyOf(thresholds);
        }

        /** The operator's settings, with steps of {@code step} (the rollup period). */
        public ForecastSettings settings(Duration step) {
            return new ForecastSettings(
                    step,
                    every,
                    horizons,
                    capacityHorizon,
                    alertHorizon,
                    minConfidence,
                    new CapacityLimits(utilization, thresholds));
        }
    }

    /**
     * Event-time policy shared by every signal.
     *
     * @param maxOutOfOrderness how late a record may arrive and still be on time
     * @param idleness a partition silent this long no longer holds back time
     * @param lagTolerance how far one input may lag the others (the traces job's RED behind the raw
     *     metrics, say) before a rule set, an SLO or a health score stops waiting for it and goes
     *     on with the watermark
     */
    public record EventTime(Duration maxOutOfOrderness, Duration idleness, Duration lagTolerance)
            implements Serializable {}

    /** Parallelism value meaning "the cluster's default". */
    public static final int DEFAULT_PARALLELISM = 0;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** Reads and validates a configuration file. */
    public static VigilConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(
                    file + ": no such file; copy vigil.example.yaml and point --config at it");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(text, file.toString());
    }

    /**
     * Parses configuration text, resolving {@code ${env:NAME}} and {@code ${file:PATH}} references
     * from this process' environment and files.
     *
     * @param source the name used in error messages (a file name)
     */
    public static VigilConfig parse(String text, String source) {
        return parse(text, source, System::getenv);
    }

    /**
     * Parses configuration text, taking the {@code ${env:NAME}} references from {@code environment}
     * (e.g. the variables a Kubernetes pod is given), and {@code ${file:PATH}} references from the
     * file system, relative paths from the directory of {@code source}.
     *
     * @param source the name used in error messages (a file name)
     * @param environment the value of an environment variable, null where it is not set
     */
    public static VigilConfig parse(
            String text, String source, Function<String, String> environment) {
        JsonNode tree;
        try {
            tree = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    source
                            + ": not valid YAML: "
                            + e.getOriginalMessage().lines().findFirst().orElse(""),
                    e);
        }
        tree = new ConfigReferences(source, baseDir(source), environment).resolve(tree);
        ConfigNode root = new ConfigNode(source, "", tree);
        Anomaly anomaly = anomaly(root.child("anomaly"));
        VigilConfig config =
                new VigilConfig(
                        kafka(root.child("kafka")),
                        elasticsearch(root.child("elasticsearch")),
                        jaeger(root.child("jaeger")),
                        traces(root.child("traces")),
                        anomaly,
                        logs(root.child("logs")),
                        incidents(root.child("incidents")),
                        alertmanager(root.child("alertmanager")),
                        flink(root.child("flink")),
                        eventTime(root.child("eventTime")),
                        rules(root.child("rules"), source),
                        slos(root.child("slo"), source),
                        health(root.child("health")),
                        forecast(root.child("forecast"), anomaly));
        root.finish();
        return config;
    }

    /** A configuration for a local Kafka and Elasticsearch with every other key at its default. */
    public static VigilConfig local(String bootstrapServers, String elasticsearchUrl) {
        return local(bootstrapServers, elasticsearchUrl, "");
    }

    /**
     * As {@link #local(String, String)}, with more sections in YAML (e.g. {@code alertmanager}).
     */
    public static VigilConfig local(
            String bootstrapServers, String elasticsearchUrl, String moreYaml) {
        return parse(localYaml(bootstrapServers, elasticsearchUrl, moreYaml), "local defaults");
    }

    /**
     * The YAML {@link #local(String, String, String)} parses: Kafka, Elasticsearch, Jaeger's
     * single-node shards, then {@code moreYaml}. Written to a file, {@link #load} reads the same
     * configuration (e.g. for the CLI commands next to {@code vigil demo}).
     */
    public static String localYaml(
            String bootstrapServers, String elasticsearchUrl, String moreYaml) {
        return "kafka: {bootstrapServers: '"
                + bootstrapServers
                + "'}\nelasticsearch: {hosts: ['"
                + elasticsearchUrl
                + "']}\n"
                + "jaeger: {shards: 1, replicas: 0}\n"
                + moreYaml;
    }

    private static Rules rules(ConfigNode node, String source) {
        List<String> files = node.stringList("files", List.of());
        Duration interval =
                node.duration("evaluationInterval", Duration.ofMinutes(1), Duration.ofSeconds(1));
        Path base = baseDir(source);
        List<RuleGroup> groups = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String f : files) {
            Path file = base.resolve(f);
            try {
                for (RuleGroup g : RuleFiles.load(file, interval)) {
                    if (!names.add(g.name())) {
                        throw node.error(
                                "rules.files",
                                file
                                        + ": group \""
                                        + g.name()
                                        + "\" is also in another rule file;"
                                        + " group names must be unique");
                    }
                    groups.add(g);
                }
            } catch (RuleFileException e) {
                throw node.error("rules.files", "rule file problems:\n" + e.getMessage());
            } catch (NoSuchFileException e) {
                throw node.error("rules.files", file + ": no such file");
            } catch (IOException e) {
                throw node.error("rules.files", file + ": cannot be read: " + e.getMessage());
            }
        }
        node.finish();
        return new Rules(files, interval, groups);
    }

    /** Steps of the rollup period the forecast horizons may span at most (30 d of minutes). */
    static final int MAX_FORECAST_STEPS = 43_200;

    /** Steps of the rollup period the alert horizon may span at most (a day of minutes). */
    static final int MAX_ALERT_STEPS = 1_440;

    private static Forecast forecast(ConfigNode node, Anomaly anomaly) {
        ConfigNode capacity = node.child("capacity");
        ConfigNode alert = node.child("alert");
        boolean explicit = node.has("enabled");
        boolean enabled = node.bool("enabled", true);
        Duration second = Duration.ofSeconds(1);
        Forecast forecast =
                new Forecast(
                        enabled && anomaly.enabled(),
                        node.duration("every", ForecastSettings.DEFAULT_EVERY, second),
                        node.durationList("horizons", ForecastSettings.DEFAULT_HORIZONS, second),
                        capacity.duration(
                                "horizon", ForecastSettings.DEFAULT_CAPACITY_HORIZON, second),
                        capacity.decimal(
                                "utilization", CapacityLimits.DEFAULT_UTILIZATION, 1e-6, 1.0),
                        capacity.decimalMap("thresholds"),
                        alert.duration("horizon", ForecastSettings.DEFAULT_ALERT_HORIZON, second),
                        alert.decimal(
                                "minConfidence",
                                ForecastSettings.DEFAULT_MIN_CONFIDENCE,
                                1e-6,
                                1.0));
        if (explicit && enabled && !anomaly.enabled()) {
            throw node.error(
                    "forecast.enabled",
                    "forecasting reads anomaly detection's rollups, and anomaly.enabled is false;"
                            + " set anomaly.enabled: true, or forecast.enabled: false");
        }
        Duration step = anomaly.rollupPeriod();
        steps(node, "forecast.every", forecast.every(), step, MAX_FORECAST_STEPS);
        for (int i = 0; i < forecast.horizons().size(); i++) {
            steps(
                    node,
                    "forecast.horizons[" + i + "]",
                    forecast.horizons().get(i),
                    step,
                    MAX_FORECAST_STEPS);
        }
        steps(
                capacity,
                "forecast.capacity.horizon",
                forecast.capacityHorizon(),
                step,
                MAX_FORECAST_STEPS);
        int alertSteps =
                steps(
                        alert,
                        "forecast.alert.horizon",
                        forecast.alertHorizon(),
                        step,
                        MAX_ALERT_STEPS);
        if (alertSteps < ForecastSettings.MIN_ALERT_STEPS) {
            throw alert.error(
                    "forecast.alert.horizon",
                    TimeUtils.formatWithHighestUnit(forecast.alertHorizon())
                            + " is too short; use at least "
                            + ForecastSettings.MIN_ALERT_STEPS
                            + " rollup periods ("
                            + TimeUtils.formatWithHighestUnit(
                                    step.multipliedBy(ForecastSettings.MIN_ALERT_STEPS))
                            + "): the alert resolves after a quarter of it");
        }
        capacity.finish();
        alert.finish();
        node.finish();
        return forecast;
    }

    /**
     * How many rollup periods {@code d} spans, after checking that it is a whole number of them and
     * at most {@code max}.
     */
    private static int steps(ConfigNode node, String key, Duration d, Duration step, int max) {
        String text = TimeUtils.formatWithHighestUnit(d);
        String period = TimeUtils.formatWithHighestUnit(step);
        if (d.toMillis() % step.toMillis() != 0) {
            throw node.error(
                    key,
                    text
                            + " is not a whole number of anomaly.rollupPeriod ("
                            + period
                            + "); forecasts move in steps of it");
        }
        long n = d.toMillis() / step.toMillis();
        if (n > max) {
            throw node.error(
                    key,
                    text
                            + " is too long; use at most "
                            + max
                            + " rollup periods ("
                            + TimeUtils.formatWithHighestUnit(step.multipliedBy(max))
                            + ")");
        }
        return (int) n;
    }

    private static Health health(ConfigNode node) {
        return finished(node, new Health(node.bool("enabled", true)));
    }

    private static Slos slos(ConfigNode node, String source) {
        List<String> files = node.stringList("files", List.of());
        Duration interval =
                node.duration("evaluationInterval", Duration.ofMinutes(1), Duration.ofSeconds(1));
        List<Slo> slos = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (String f : files) {
            Path file = baseDir(source).resolve(f);
            try {
                for (Slo slo : SloFiles.load(file)) {
                    if (!names.add(slo.name())) {
                        throw node.error(
                                "slo.files",
                                file
                                        + ": SLO \""
                                        + slo.name()
                                        + "\" is also in another file;"
                                        + " SLO names must be unique");
                    }
                    slos.add(slo);
                }
            } catch (RuleFileException e) {
                throw node.error("slo.files", "SLO file problems:\n" + e.getMessage());
            } catch (NoSuchFileException e) {
                throw node.error("slo.files", file + ": no such file");
            } catch (IOException e) {
                throw node.error("slo.files", file + ": cannot be read: " + e.getMessage());
            }
        }
        node.finish();
        return new Slos(files, interval, slos);
    }

    /** The directory relative paths in a configuration file are resolved against. */
    private static Path baseDir(String source) {
        Path parent = Path.of(source).toAbsolutePath().getParent();
        return Files.isRegularFile(Path.of(source)) && parent != null ? parent : Path.of("");
    }

    private static Kafka kafka(ConfigNode node) {
        ConfigNode topics = node.child("topics");
        Kafka kafka =
                new Kafka(
                        node.requiredString("bootstrapServers", "kafka-1:9092,kafka-2:9092"),
                        node.string("groupId", "vigil"),
                        node.choice(
                                "startingOffsets",
                                StartingOffsets.COMMITTED,
                                StartingOffsets::parse,
                                StartingOffsets.values()),
                        encoding(node),
                        new Topics(
                                topics.string("metrics", "otlp_metrics"),
                                topics.string("logs", "otlp_logs"),
                                topics.string("spans", "otlp_spans"),
                                topics.string("deadLetters", "vigil.dlq"),
                                topics.string("topology", "vigil.topology"),
                                topics.string("derivedMetrics", "vigil.metrics.derived"),
                                topics.string("alerts", "vigil.alerts"),
                                topics.string("incidents", "vigil.incidents")),
                        node.bool("bounded", false),
                        node.stringMap("properties"));
        topics.finish();
        node.finish();
        return kafka;
    }

    private static OtlpEncoding encoding(ConfigNode node) {
        String text = node.string("encoding", "auto");
        try {
            return OtlpEncoding.fromConfig(text);
        } catch (IllegalArgumentException e) {
            throw node.error("kafka.encoding", e.getMessage());
        }
    }

    private static Elasticsearch elasticsearch(ConfigNode node) {
        ConfigNode bulk = node.child("bulk");
        String prefix = node.string("indexPrefix", "vigil");
        if (!prefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw node.error(
                    "elasticsearch.indexPrefix",
                    "'"
                            + prefix
                            + "' is not a valid index name start; use lowercase letters, digits,"
                            + " '-', '_' or '.'");
        }
        Elasticsearch es =
                new Elasticsearch(
                        node.urlList("hosts", null, "http://elasticsearch:9200"),
                        node.optionalString("username"),
                        node.optionalString("password"),
                        prefix,
                        node.bool("applyTemplates", true),
                        new Bulk(
                                bulk.integer("maxActions", 1000, 1, 100_000),
                                bulk.integer("maxSizeMb", 5, 1, 100),
                                bulk.duration(
                                        "flushInterval",
                                        Duration.ofSeconds(1),
                                        Duration.ofMillis(10)),
                                bulk.integer("maxRetries", 8, 0, 100),
                                bulk.duration(
                                        "retryDelay", Duration.ofMillis(200), Duration.ofMillis(1)),
                                bulk.duration(
                                        "requestTimeout",
                                        Duration.ofMinutes(2),
                                        Duration.ofSeconds(1))));
        if (es.hosts() == null) {
            throw node.error(
                    "elasticsearch.hosts",
                    "is required; add e.g. `hosts: [http://elasticsearch:9200]`");
        }
        if (es.username().isEmpty() != es.password().isEmpty()) {
            throw node.error(
                    "elasticsearch." + (es.username().isEmpty() ? "username" : "password"),
                    "is required when the other of username/password is set");
        }
        bulk.finish();
        node.finish();
        return es;
    }

    private static Jaeger jaeger(ConfigNode node) {
        String prefix = node.string("indexPrefix", null);
        if (prefix != null && !prefix.matches("[a-z0-9][a-z0-9_.-]*")) {
            throw node.error(
                    "jaeger.indexPrefix",
                    "'"
                            + prefix
                            + "' is not a valid index name start; use lowercase letters, digits,"
                            + " '-', '_' or '.'");
        }
        return finished(
                node,
                new Jaeger(
                        prefix == null ? "" : prefix,
                        node.integer("shards", 5, 1, 1024),
                        node.integer("replicas", 1, 0, 16)));
    }

    private static Traces traces(ConfigNode node) {
        Traces traces =
                new Traces(
                        node.duration("window", Duration.ofMinutes(1), Duration.ofSeconds(1)),
                        node.duration("allowedLateness", Duration.ofMinutes(1), Duration.ZERO),
                        node.duration("sessionGap", Duration.ofSeconds(30), Duration.ofMillis(1)),
                        node.integer("maxSpansPerTrace", 10_000, 2, 1_000_000),
                        node.duration(
                                "slowRequestThreshold",
                                Duration.ofSeconds(1),
                                Duration.ofMillis(1)));
        if (Duration.ofHours(1).toMillis() % traces.window().toMillis() != 0) {
            throw node.error(
                    "traces.window",
                    traces.window().toSeconds()
                            + "s does not divide an hour; use e.g. 10s, 30s, 1m, 5m or 15m");
        }
        node.finish();
        return traces;
    }

    private static Anomaly anomaly(ConfigNode node) {
        Anomaly anomaly =
                new Anomaly(
                        node.bool("enabled", true),
                        node.decimal("threshold", Detectors.DEFAULT_THRESHOLD, 1e-6, 1.0),
                        node.duration("resolveAfter", Duration.ofMinutes(5), Duration.ZERO),
                        node.duration("rollupPeriod", Duration.ofMinutes(1), Duration.ofSeconds(1)),
                        node.duration("idleTimeout", Duration.ofHours(6), Duration.ofMinutes(1)),
                        node.integer("maxSeriesPerSubtask", 50_000, 1, 10_000_000));
        if (Duration.ofHours(1).toMillis() % anomaly.rollupPeriod().toMillis() != 0) {
            throw node.error(
                    "anomaly.rollupPeriod",
                    anomaly.rollupPeriod().toSeconds()
                            + "s does not divide an hour; use e.g. 10s, 30s, 1m, 5m or 15m");
        }
        if (anomaly.idleTimeout().compareTo(anomaly.rollupPeriod()) < 0) {
            throw node.error(
                    "anomaly.idleTimeout",
                    "must be at least anomaly.rollupPeriod (" + anomaly.rollupPeriod() + ")");
        }
        node.finish();
        return anomaly;
    }

    private static Logs logs(ConfigNode node) {
        Logs logs =
                new Logs(
                        node.duration(
                                "newTemplateAlert", Duration.ofHours(1), Duration.ofSeconds(1)),
                        node.duration(
                                "templateIdleTimeout", Duration.ofDays(7), Duration.ofMinutes(2)));
        if (logs.templateIdleTimeout().compareTo(logs.newTemplateAlert().plusMinutes(1)) <= 0) {
            throw node.error(
                    "logs.templateIdleTimeout",
                    "must be longer than logs.newTemplateAlert plus a minute ("
                            + logs.newTemplateAlert()
                            + ")");
        }
        node.finish();
        return logs;
    }

    private static Incidents incidents(ConfigNode node) {
        return finished(
                node,
                new Incidents(
                        node.duration("window", Duration.ofMinutes(5), Duration.ofSeconds(1)),
                        node.duration("resolveAfter", Duration.ofMinutes(5), Duration.ZERO),
                        node.duration(
                                "escalateAfter", Duration.ofMinutes(15), Duration.ofSeconds(1)),
                        node.integer("maxOpen", 1_000, 1, 1_000_000),
                        node.duration("edgeTtl", Duration.ofHours(1), Duration.ofMinutes(1)),
                        node.integer("flapCount", 3, 2, 1_000),
                        node.duration("flapWindow", Duration.ofMinutes(10), Duration.ofSeconds(1)),
                        node.integer("minAlerts", 2, 1, 1_000)));
    }

    private static Alertmanager alertmanager(ConfigNode node) {
        return finished(
                node,
                new Alertmanager(
                        node.string("url", ""),
                        node.duration(
                                "resendInterval", Duration.ofMinutes(1), Duration.ofSeconds(1)),
                        node.duration("maxBackoff", Duration.ofSeconds(30), Duration.ofMillis(100)),
                        node.integer("maxPending", 10_000, 1, 1_000_000),
                        node.string("kibanaUrl", ""),
                        node.string("jaegerUrl", ""),
                        node.bool("sendMembers", false)));
    }

    /** The section's value, after checking that the section holds no unknown key. */
    private static <T> T finished(ConfigNode node, T value) {
        node.finish();
        return value;
    }

    private static Flink flink(ConfigNode node) {
        return finished(
                node,
                new Flink(
                        node.integer("parallelism", DEFAULT_PARALLELISM, 0, 32_768),
                        node.duration(
                                "checkpointInterval",
                                Duration.ofSeconds(10),
                                Duration.ofMillis(100)),
                        node.stringMap("configuration")));
    }

    private static EventTime eventTime(ConfigNode node) {
        return finished(
                node,
                new EventTime(
                        node.duration("maxOutOfOrderness", Duration.ofSeconds(30), Duration.ZERO),
                        node.duration("idleness", Duration.ofMinutes(1), Duration.ofMillis(1)),
                        node.duration(
                                "lagTolerance", Duration.ofMinutes(10), Duration.ofMinutes(1))));
    }
}
