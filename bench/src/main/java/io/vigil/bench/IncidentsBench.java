package io.vigil.bench;

import io.vigil.cep.incidents.TopologyEdge;
import io.vigil.jobs.IncidentsJob;
import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import io.vigil.udfs.flink.CodecTypeInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/**
 * Throughput of the incidents job's correlation, against a ceiling measured in the same run: the
 * same alerts through the same source, event time and single key, into a pass-through keyed
 * function instead of the correlation (CEP flapping and escalation patterns, correlation, root
 * cause, documents). Parallelism 1, Flink local environment, discarding sinks; alerts/s and alerts
 * per CPU-second of the whole JVM.
 *
 * <p>The alerts: seeded, {@code services} services in a random call graph (each calls 2 others),
 * faults every 10 s of event time on a random service and its callers, each alert firing then
 * resolving 30–300 s later, 10 % of them flapping; so incidents open, grow, merge, escalate and
 * resolve all along.
 *
 * <p>Usage: {@code IncidentsBench [alert events [services]]} (default 1,000,000 and 200). Prints a
 * Markdown table.
 */
public final class IncidentsBench {
    private IncidentsBench() {}

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int services = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        List<AlertEvent> alerts = alerts(events, services, 42);
        List<TopologyEdge> edges = edges(services, 42);
        VigilConfig config = VigilConfig.local("bench.invalid:9092", "http://bench.invalid:9200");
        // warm-up, then the measured runs, ceiling first
        run(alerts.subList(0, Math.min(alerts.size(), 100_000)), edges, config, false);
        run(alerts.subList(0, Math.min(alerts.size(), 100_000)), edges, config, true);
        ThroughputRun ceiling = run(alerts, edges, config, false);
        ThroughputRun correlation = run(alerts, edges, config, true);
        System.out.println(
                "| measured | alert events | seconds | alerts/s | per CPU-second | ratio |");
        System.out.println("|---|---|---|---|---|---|");
        row("ceiling: source, event time, one key, pass-through", ceiling, 1.0);
        row(
                "incidents job: CEP flapping + escalation, correlation, documents",
                correlation,
                correlation.perCpuSecond() / ceiling.perCpuSecond());
    }

    private static void row(String what, ThroughputRun run, double ratio) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %,d | %.1f | %,.0f | %,.0f | %.2f |%n",
                what,
                run.items(),
                run.seconds(),
                run.perSecond(),
                run.perCpuSecond(),
                ratio);
    }

    private static ThroughputRun run(
            List<AlertEvent> alerts,
            List<TopologyEdge> edges,
            VigilConfig config,
            boolean correlate)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(1, new Configuration());
        DataStream<AlertEvent> stream =
                env.fromData(alerts, CodecTypeInfo.ALERT_EVENT)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<AlertEvent>forMonotonousTimestamps()
                                        .withTimestampAssigner(
                                                (a, ts) -> a.observedAt().toEpochMilli()));
        if (correlate) {
            DataStream<TopologyEdge> graph =
                    env.fromData(edges, TypeInformation.of(TopologyEdge.class));
            new IncidentsJob(config).derive(stream, graph, false).sinkTo(new DiscardingSink<>());
        } else {
            stream.keyBy(a -> "all", Types.STRING)
                    .process(new PassThrough())
                    .returns(CodecTypeInfo.ALERT_EVENT)
                    .sinkTo(new DiscardingSink<>());
        }
        return ThroughputRun.measure(
                alerts.size(),
                () -> env.execute(correlate ? "bench incidents" : "bench incidents ceiling"));
    }

    /** Forwards every alert: the keyed hop without the work. */
    static final class PassThrough extends KeyedProcessFunction<String, AlertEvent, AlertEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public void processElement(AlertEvent a, Context ctx, Collector<AlertEvent> out) {
            out.collect(a);
        }
    }

    /** Each service calls two others (seeded). */
    static List<TopologyEdge> edges(int services, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<TopologyEdge> edges = new ArrayList<>();
        for (int s = 0; s < services; s++) {
            for (int k = 0; k < 2; k++) {
                int callee = random.nextInt(services);
                if (callee != s) {
                    edges.add(new TopologyEdge(name(s), name(callee), 0));
                }
            }
        }
        return edges;
    }

    /** Alert events in event-time order: faults on a service and its neighbours, fire/resolve. */
    static List<AlertEvent> alerts(int events, int services, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        List<AlertEvent> out = new ArrayList<>(events);
        java.util.PriorityQueue<AlertEvent> pending =
                new java.util.PriorityQueue<>(
                        java.util.Comparator.comparing(AlertEvent::observedAt)); // by time
        long t = 0;
        int fault = 0;
        String[] metrics = {"http.server.request.duration", "process.cpu.utilization", "errors"};
        while (out.size() < events) {
            t += 10_000;
            fault++;
            int first = random.nextInt(services);
            int size = 1 + random.nextInt(6);
            for (int i = 0; i < size && out.size() < events; i++) {
                int service = (first + i * 7) % services;
                String metric = metrics[random.nextInt(metrics.length)];
                Instant at = t0.plusMillis(t + random.nextInt(5_000));
                AlertEvent firing = alert(name(service), metric, fault, at);
                out.add(firing);
                long duration = 30_000 + random.nextInt(270_000);
                pending.add(
                        firing.resolve(
                                at.plusMillis(duration), at.plusMillis(duration), 1, 1, 0, 2, 0));
                if (random.nextInt(10) == 0) {
                    for (int f = 1; f <= 3; f++) {
                        Instant again = at.plusMillis(duration + f * 20_000L);
                        AlertEvent refire = alert(name(service), metric, fault, again);
                        pending.add(refire);
                        pending.add(
                                refire.resolve(
                                        again.plusSeconds(10),
                                        again.plusSeconds(10),
                                        1,
                                        1,
                                        0,
                                        2,
                                        0));
                    }
                }
            }
            // release what is due by now
            long now = t;
            while (!pending.isEmpty()
                    && pending.peek().observedAt().toEpochMilli() - t0.toEpochMilli() <= now
                    && out.size() < events) {
                out.add(pending.poll());
            }
        }
        out.sort(java.util.Comparator.comparing(AlertEvent::observedAt));
        return out;
    }

    private static AlertEvent alert(String service, String metric, int fault, Instant at) {
        TreeMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "MetricAnomaly");
        labels.put("severity", "warning");
        labels.put("source", "anomaly");
        labels.put("service", service);
        labels.put("metric", metric);
        labels.put("fault", Integer.toString(fault % 1000));
        return AlertEvent.firing(
                labels,
                new TreeMap<>(java.util.Map.of("summary", metric + " of " + service)),
                AlertSource.ANOMALY,
                Severity.WARNING,
                at,
                List.of());
    }

    private static String name(int service) {
        return "svc-" + service;
    }
}
