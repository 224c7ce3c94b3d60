package io.vigil.bench.incidents.flink;

import io.vigil.bench.incidents.IncidentDataset;
import io.vigil.bench.incidents.RunIncident;
import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.jobs.IncidentsJob;
import io.vigil.jobs.LogsJob;
import io.vigil.jobs.MetricsJob;
import io.vigil.jobs.OtlpIngest;
import io.vigil.jobs.Signal;
import io.vigil.jobs.TracesJob;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.jobs.kafka.KeyedMessage;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertJson;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.flink.OtlpDecodeFunction;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.RawMessage;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.OtlpDecoder;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;

/**
 * Replays one dataset through the jobs' own operators in one local Flink job, in event time: the
 * telemetry files ({@link ReplaySource}) → the decoders → the traces, logs and metrics jobs'
 * derivations ({@code derive}: RED, service graph, log templates, anomaly detection; the metrics
 * the traces and logs jobs derive go to the metrics job's detection as they do through {@code
 * vigil.metrics.derived}) → the incidents job's correlation, fed with every alert and the graph's
 * edges as through {@code vigil.alerts} and {@code vigil.topology}. Only the sinks differ: Kafka
 * and Elasticsearch are left out, and the incidents' documents are collected.
 *
 * <p>Deterministic: parallelism 1, watermarks from the data alone, no wall clock in the correlation
 * ({@link IncidentsJob#derive(DataStream, DataStream, boolean)}).
 */
public final class IncidentReplay {

    /**
     * What a replay found.
     *
     * @param incidents every incident in its final state, by opening; one merged into another is
     *     not one of its own and is left out
     * @param alertEvents alert events the detectors raised (fired and resolved)
     * @param deadLetters messages or parts the decoders could not read
     */
    public record Result(List<RunIncident> incidents, long alertEvents, long deadLetters) {}

    private final VigilConfig config;
    private final Path alertLog;

    /**
     * @param alertLog where to write every alert event as JSON lines ({@code vigil.alerts}' form),
     *     {@code null} for nowhere
     */
    public IncidentReplay(VigilConfig config, Path alertLog) {
        this.config = config;
        this.alertLog = alertLog;
    }

    /** Runs the replay of {@code dataset} in a local Flink cluster and waits for its end. */
    public Result run(IncidentDataset dataset) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        DataStream<EsDocument> incidents = build(env, dataset);
        Map<String, RunIncident> last = new LinkedHashMap<>();
        JobClient client;
        try (CloseableIterator<EsDocument> documents = incidents.collectAsync()) {
            client = env.executeAsync("Vigil incident replay: " + dataset.name());
            while (documents.hasNext()) {
                EsDocument d = documents.next();
                if (RunIncident.mergedInto(d.json()).isPresent()) {
                    last.remove(d.id()); // part of another incident now, not one of its own
                } else {
                    last.put(d.id(), RunIncident.fromDocument(d.json()));
                }
            }
        }
        JobExecutionResult result = client.getJobExecutionResult().get();
        List<RunIncident> all = new ArrayList<>(last.values());
        all.sort(
                java.util.Comparator.comparing(RunIncident::openedAt)
                        .thenComparing(RunIncident::id));
        return new Result(all, counter(result, ALERTS), counter(result, DEAD_LETTERS));
    }

    private static final String ALERTS = "alertEvents";
    private static final String DEAD_LETTERS = "deadLetters";

    private static long counter(JobExecutionResult result, String name) {
        Object v = result.getAccumulatorResult(name);
        return v == null ? 0 : ((Number) v).longValue();
    }

    /** Adds the replay to {@code env}; returns the incidents' documents as they change. */
    DataStream<EsDocument> build(StreamExecutionEnvironment env, IncidentDataset dataset) {
        env.setParallelism(1);
        DataStream<RawMessage> raw =
                env.addSource(
                                new ReplaySource(
                                        dataset, config.eventTime().maxOutOfOrderness().toMillis()),
                                "Replay " + dataset.name(),
                                TypeInformation.of(RawMessage.class))
                        .uid("replay-source");

        SingleOutputStreamOperator<MetricPoint> metricMessages =
                decode(raw, Signal.METRICS, OtlpMetricDecoder::new, MetricPoint.class);
        SingleOutputStreamOperator<SpanRecord> spanMessages =
                decode(raw, Signal.SPANS, OtlpSpanDecoder::new, SpanRecord.class);
        SingleOutputStreamOperator<LogEvent> logMessages =
                decode(raw, Signal.LOGS, OtlpLogDecoder::new, LogEvent.class);
        count(
                metricMessages
                        .getSideOutput(OtlpDecodeFunction.DEAD_LETTERS)
                        .union(
                                spanMessages.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS),
                                logMessages.getSideOutput(OtlpDecodeFunction.DEAD_LETTERS)),
                DEAD_LETTERS);

        TracesJob.Outputs traces =
                new TracesJob(config)
                        .derive(
                                timed(
                                        spanMessages,
                                        (s, ts) -> s.endTimeUnixNano() / 1_000_000,
                                        SpanRecord.class));
        LogsJob.Outputs logs =
                new LogsJob(config)
                        .derive(
                                timed(
                                        logMessages,
                                        (l, ts) -> l.effectiveTimeUnixNano() / 1_000_000,
                                        LogEvent.class));
        // what the traces and logs jobs derive reaches the metrics job as OTLP, as via Kafka
        DataStream<MetricPoint> derivedPoints =
                OtlpIngest.decode(
                                traces.derivedMetrics()
                                        .union(logs.derivedMetrics())
                                        .map(IncidentReplay::asMessage)
                                        .returns(TypeInformation.of(RawMessage.class))
                                        .name("Derived metrics as messages")
                                        .uid("replay-derived-messages"),
                                Signal.METRICS,
                                new OtlpMetricDecoder(OtlpEncoding.AUTO),
                                MetricPoint.class)
                        .name("Decode derived metrics")
                        .uid("replay-derived-decode");
        MetricsJob.Outputs metrics =
                new MetricsJob(config)
                        .derive(
                                timed(
                                                metricMessages,
                                                (p, ts) -> p.timeUnixNano() / 1_000_000,
                                                MetricPoint.class)
                                        .union(derivedPoints));

        DataStream<AlertEvent> alerts =
                metrics.alerts() == null ? logs.alerts() : metrics.alerts().union(logs.alerts());
        count(alerts, ALERTS);
        if (alertLog != null) {
            alerts.process(new WriteLines(alertLog.toString()))
                    .returns(TypeInformation.of(Void.class))
                    .name("Alerts → " + alertLog)
                    .uid("replay-alert-log");
        }
        DataStream<TopologyEdge> edges =
                traces.topology()
                        .flatMap(
                                (KeyedMessage m, Collector<TopologyEdge> out) ->
                                        TopologyEdge.read(m.value()).ifPresent(out::collect))
                        .returns(TypeInformation.of(TopologyEdge.class))
                        .name("Read edges")
                        .uid("replay-edges");
        return new IncidentsJob(config).derive(InEventTimeOrder.of(alerts), edges, false);
    }

    /**
     * The records of one signal's file, decoded as its job decodes its topic (any OTLP encoding);
     * what cannot be read goes to the dead letters' side output.
     */
    private static <T> SingleOutputStreamOperator<T> decode(
            DataStream<RawMessage> raw,
            Signal signal,
            Function<OtlpEncoding, OtlpDecoder<T>> decoder,
            Class<T> type) {
        IncidentDataset.Signal file =
                switch (signal) {
                    case METRICS -> IncidentDataset.Signal.METRICS;
                    case SPANS -> IncidentDataset.Signal.TRACES;
                    case LOGS -> IncidentDataset.Signal.LOGS;
                };
        return OtlpIngest.decode(topic(raw, file), signal, decoder.apply(OtlpEncoding.AUTO), type);
    }

    private static DataStream<RawMessage> topic(
            DataStream<RawMessage> raw, IncidentDataset.Signal signal) {
        String name = signal.file();
        return raw.filter(m -> m.topic().equals(name)).name("Only " + name).uid("replay-" + name);
    }

    private static <T> DataStream<T> timed(
            DataStream<T> records, SerializableTimestampAssigner<T> eventTime, Class<T> type) {
        return records.transform(
                        "Event time per record",
                        TypeInformation.of(type),
                        new EventTimeOf<>(eventTime))
                .uid("replay-event-time-" + type.getSimpleName());
    }

    private static RawMessage asMessage(KeyedMessage m) {
        return new RawMessage("derived", 0, 0, 0, m.key().getBytes(), m.value());
    }

    private static <T> void count(DataStream<T> stream, String accumulator) {
        stream.process(new Count<T>(accumulator))
                .returns(TypeInformation.of(Void.class))
                .name("Count " + accumulator)
                .uid("replay-count-" + accumulator);
    }

    /** Writes alert events as JSON lines to a local file (parallelism 1). */
    private static final class WriteLines extends ProcessFunction<AlertEvent, Void> {
        private static final long serialVersionUID = 1L;
        private final String file;
        private transient OutputStream out;

        WriteLines(String file) {
            this.file = file;
        }

        @Override
        public void open(OpenContext context) throws IOException {
            Path path = Path.of(file);
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            out = new BufferedOutputStream(Files.newOutputStream(path));
        }

        @Override
        public void processElement(AlertEvent alert, Context ctx, Collector<Void> collector)
                throws IOException {
            out.write(AlertJson.write(alert));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            if (out != null) {
                out.close();
            }
        }
    }

    /** Counts records into an accumulator the replay reads at the end. */
    private static final class Count<T> extends ProcessFunction<T, Void> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private transient LongCounter counter;

        Count(String name) {
            this.name = name;
        }

        @Override
        public void open(OpenContext context) {
            counter = new LongCounter();
            getRuntimeContext().addAccumulator(name, counter);
        }

        @Override
        public void processElement(T value, Context ctx, Collector<Void> out) {
            counter.add(1);
        }
    }
}
