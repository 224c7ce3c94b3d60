package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.vigil.local.EmbeddedKafka;
import io.vigil.local.it.LogTemplatesITCase.Line;
import io.vigil.udfs.testing.TraceFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Kafka broker dies ({@code kill -9}) while the jobs run, with input still unread and derived
 * metrics still to be written; it comes back on the same port and data. The jobs ride the outage
 * out, and in the end every log record and span is indexed exactly once, every minute's log-derived
 * metrics are on Kafka with the right counts (the Kafka sinks are at least once: a minute written
 * twice must be the same message), and so is every minute's RED count per service and every
 * minute's call count per edge of the service graph.
 *
 * <p>The graph's calls leave the trace sessions on event-time timers and cross a second shuffle
 * into the edge windows; before the sessions' output was kept active ({@code NeverIdle}), the calls
 * of the subtask that resumed last after an idle spell came behind the other's watermark and were
 * lost (9, 14, 34 and 26 of the 100 edge-minutes in four runs; docs/reliability.md).
 */
@ExtendWith(RealStack.class)
class KafkaOutageITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The fixture shop's five call edges ({@link TraceFixtures#shopMinutes}). */
    private static final List<String> SHOP_EDGES =
            List.of(
                    "frontend->inventory",
                    "frontend->checkout",
                    "checkout->inventory",
                    "checkout->payment",
                    "inventory->postgres");

    /** Lines in each of the three batches: before, during and after the outage. */
    private static final int BATCH = 400;

    /** The lines are spread over this many minutes of event time, one every second or so. */
    private static final int MINUTES = 20;

    @Test
    void nothingIsLostWhileKafkaIsDown() throws Exception {
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "outage-kafka-");
        EmbeddedKafka kafka = EmbeddedKafka.start(0, dir);
        int port = kafka.port();
        List<Line> lines = lines();
        try (JobsHarness it =
                JobsHarness.onKafka("kafka-outage", kafka, JobsHarness.RESTART_WITH_BACKOFF)) {
            String logs = it.topic("otlp_logs");
            JobClient job = it.startUnbounded();
            try {
                it.produce(logs, 0, LogTemplatesITCase.requests(lines.subList(0, BATCH)));
                // A count right after the index is created can answer 503: "not yet".
                await().atMost(Duration.ofMinutes(2))
                        .ignoreException(IOException.class)
                        .until(() -> it.es.count(it.indices("logs")) == BATCH);

                // Everything on one partition, in event-time order (the other one stays idle), so
                // no line comes after the watermark passed its minute.
                // The second batch is on the broker; the jobs are reading it when it dies.
                it.produce(logs, 0, LogTemplatesITCase.requests(lines.subList(BATCH, 2 * BATCH)));
                kafka = killAndRestart(kafka, port, dir);

                it.produce(
                        logs, 0, LogTemplatesITCase.requests(lines.subList(2 * BATCH, 3 * BATCH)));
                // A line ten minutes after the rest closes every minute of the data (its own
                // minute stays open).
                byte[] closing =
                        LogTemplatesITCase.requests(
                                        List.of(
                                                new Line(
                                                        "checkout",
                                                        (MINUTES + 10) * 60,
                                                        "order 1 placed with 1 items",
                                                        false)))
                                .get(0);
                it.produce(logs, 0, List.of(closing));

                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreException(IOException.class)
                        .until(() -> it.es.count(it.indices("logs")) >= 3 * BATCH + 1);
                assertThat(it.es.count(it.indices("logs"))).isEqualTo(3 * BATCH + 1);
                assertThat(it.es.count(it.indices("dlq"))).isZero();

                Map<String, Long> expected = linesPerServiceAndMinute(lines);
                Map<String, List<byte[]>> written = new TreeMap<>();
                try {
                    it.consumeUntil(
                            it.topic("metrics_derived"),
                            records -> {
                                written.clear();
                                for (ConsumerRecord<byte[], byte[]> r : records) {
                                    written.computeIfAbsent(key(r.value()), k -> new ArrayList<>())
                                            .add(r.value());
                                }
                                return written.keySet().containsAll(expected.keySet());
                            });
                } catch (ConditionTimeoutException e) {
                    // say which minutes never came
                    assertThat(written.keySet()).containsAll(expected.keySet());
                }
                Map<String, Long> counted = new TreeMap<>();
                for (Map.Entry<String, List<byte[]>> e : written.entrySet()) {
                    byte[] first = e.getValue().get(0);
                    assertThat(e.getValue())
                            .as("every copy of %s", e.getKey())
                            .allSatisfy(copy -> assertThat(copy).isEqualTo(first));
                    counted.put(e.getKey(), lineCount(first));
                }
                assertThat(counted).isEqualTo(expected);
            } finally {
                JobsHarness.stop(job);
            }
        } finally {
            kafka.close();
        }
    }

    @Test
    void noSpanAndNoRequestIsLostWhileKafkaIsDown() throws Exception {
        Path dir = Files.createTempDirectory(RealStack.parts().workDir(), "outage-kafka-red-");
        EmbeddedKafka kafka = EmbeddedKafka.start(0, dir);
        int port = kafka.port();
        try (JobsHarness it =
                JobsHarness.onKafka("red-outage", kafka, JobsHarness.RESTART_WITH_BACKOFF)) {
            String spans = it.topic("otlp_spans");
            JobClient job = it.startUnbounded();
            try {
                // 11 spans a minute (a browse of 4, a buy of 7), minutes 0-19 in three parts
                it.produce(spans, 0, bytes(TraceFixtures.shopMinutes(0, 7)));
                await().atMost(Duration.ofMinutes(2))
                        .ignoreException(IOException.class)
                        .until(() -> it.es.count("it-red-outage-jaeger-span-*") == 77);

                it.produce(spans, 0, bytes(TraceFixtures.shopMinutes(7, 14)));
                kafka = killAndRestart(kafka, port, dir);

                it.produce(spans, 0, bytes(TraceFixtures.shopMinutes(14, MINUTES)));
                // a span ten minutes later closes every trace and window of the data
                it.produce(
                        spans,
                        0,
                        List.of(TraceFixtures.tick(1, (MINUTES + 10) * 60).toByteArray()));

                await().atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofSeconds(1))
                        .ignoreException(IOException.class)
                        .until(
                                () ->
                                        it.es.count("it-red-outage-jaeger-span-*")
                                                >= 11 * MINUTES + 1);
                assertThat(it.es.count("it-red-outage-jaeger-span-*")).isEqualTo(11 * MINUTES + 1);
                assertThat(it.es.count(it.indices("dlq"))).isZero();

                // RED: requests per service and minute, the latest message per window (a late
                // span rewrites it)
                Map<String, Long> expected = new TreeMap<>();
                for (int m = 0; m < MINUTES; m++) {
                    Instant minute = T0.plusSeconds(60L * m);
                    expected.put("frontend " + minute, 2L);
                    expected.put("inventory " + minute, 2L);
                    expected.put("checkout " + minute, 1L);
                    expected.put("payment " + minute, 1L);
                }
                Map<String, Long> requests = new TreeMap<>();
                try {
                    it.consumeUntil(
                            it.topic("metrics_derived"),
                            records -> {
                                requests.clear();
                                for (ConsumerRecord<byte[], byte[]> r : records) {
                                    serviceRequests(r.value(), requests);
                                }
                                return requests.equals(expected);
                            });
                } catch (ConditionTimeoutException e) {
                    assertThat(requests).isEqualTo(expected);
                }

                // The service graph: one call on each of the five edges in every minute, the
                // latest message per edge and window (late calls resend it)
                Map<String, Long> expectedCalls = new TreeMap<>();
                for (int m = 0; m < MINUTES; m++) {
                    Instant minute = T0.plusSeconds(60L * m);
                    for (String edge : SHOP_EDGES) {
                        expectedCalls.put(edge + " " + minute, 1L);
                    }
                }
                Map<String, Long> calls = new TreeMap<>();
                try {
                    it.consumeUntil(
                            it.topic("topology"),
                            records -> {
                                calls.clear();
                                for (ConsumerRecord<byte[], byte[]> r : records) {
                                    JsonNode e = read(r.value());
                                    calls.put(
                                            e.get("parent").asText()
                                                    + "->"
                                                    + e.get("child").asText()
                                                    + " "
                                                    + e.get("@timestamp").asText(),
                                            e.get("calls").asLong());
                                }
                                return calls.equals(expectedCalls);
                            });
                } catch (ConditionTimeoutException e) {
                    // name the edge-minutes that are missing or wrong
                    Map<String, Long> wrong = new TreeMap<>(expectedCalls);
                    wrong.entrySet().removeIf(x -> x.getValue().equals(calls.get(x.getKey())));
                    assertThat(wrong).as("edge-minutes missing or miscounted").isEmpty();
                    assertThat(calls).isEqualTo(expectedCalls);
                }
            } finally {
                JobsHarness.stop(job);
            }
        } finally {
            kafka.close();
        }
    }

    /** Puts "service minute" → {@code vigil.service.requests} of a RED message into {@code out}. */
    private static void serviceRequests(byte[] message, Map<String, Long> out) {
        for (ResourceMetrics r : parse(message).getResourceMetricsList()) {
            String service = serviceName(r);
            for (ScopeMetrics scope : r.getScopeMetricsList()) {
                for (Metric metric : scope.getMetricsList()) {
                    if (metric.getName().equals("vigil.service.requests")) {
                        NumberDataPoint p = metric.getSum().getDataPoints(0);
                        out.put(
                                service + " " + Instant.ofEpochSecond(0, p.getStartTimeUnixNano()),
                                p.getAsInt());
                    }
                }
            }
        }
    }

    /** Kills the broker ({@code SIGKILL}) and starts it again on the same port and data. */
    private static EmbeddedKafka killAndRestart(EmbeddedKafka kafka, int port, Path dir)
            throws Exception {
        kafka.process().destroyForcibly();
        kafka.process().onExit().get();
        kafka.close();
        return EmbeddedKafka.start(port, dir);
    }

    private static List<byte[]> bytes(List<ExportTraceServiceRequest> requests) {
        return requests.stream().map(ExportTraceServiceRequest::toByteArray).toList();
    }

    /** The three batches' lines, spread evenly over {@link #MINUTES} minutes. */
    private static List<Line> lines() {
        List<Line> all = LogTemplatesITCase.lines();
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < 3 * BATCH; i++) {
            Line l = all.get(i % all.size());
            lines.add(new Line(l.service(), i * MINUTES * 60 / (3 * BATCH), l.body(), l.error()));
        }
        return lines;
    }

    private static Map<String, Long> linesPerServiceAndMinute(List<Line> lines) {
        Map<String, Long> counts = new TreeMap<>();
        for (Line l : lines) {
            counts.merge(l.service() + " " + T0.plusSeconds(l.second() / 60 * 60L), 1L, Long::sum);
        }
        return counts;
    }

    /** The {@code service.name} of a resource. */
    private static String serviceName(ResourceMetrics r) {
        return r.getResource().getAttributesList().stream()
                .filter(a -> a.getKey().equals("service.name"))
                .findFirst()
                .orElseThrow()
                .getValue()
                .getStringValue();
    }

    /** "service minute" of one log-derived metrics message. */
    private static String key(byte[] message) {
        String service = serviceName(parse(message).getResourceMetrics(0));
        NumberDataPoint point = records(message);
        return service + " " + Instant.ofEpochSecond(0, point.getStartTimeUnixNano());
    }

    private static long lineCount(byte[] message) {
        return records(message).getAsInt();
    }

    /** The {@code vigil.logs.records} point of one log-derived metrics message. */
    private static NumberDataPoint records(byte[] message) {
        Map<String, Metric> byName = new HashMap<>();
        for (ResourceMetrics r : parse(message).getResourceMetricsList()) {
            for (ScopeMetrics s : r.getScopeMetricsList()) {
                s.getMetricsList().forEach(m -> byName.put(m.getName(), m));
            }
        }
        return byName.get("vigil.logs.records").getSum().getDataPoints(0);
    }

    private static JsonNode read(byte[] json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("topology message is not JSON", e);
        }
    }

    private static ExportMetricsServiceRequest parse(byte[] message) {
        try {
            return ExportMetricsServiceRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            throw new UncheckedIOException("log-derived metrics message is not OTLP", e);
        }
    }
}
