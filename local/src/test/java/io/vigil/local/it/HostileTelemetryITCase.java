package io.vigil.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.model.LogEvent;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.SpanRecord;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.HostileTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The document-level fuzz test: 10,002 OTLP records with hostile attribute keys and values ({@link
 * HostileTelemetry}: empty, dots, very long, unicode, numbers as keys, the same key as object and
 * leaf, NaN and infinities, huge arrays) through all three jobs on the real stack. The jobs never
 * fail (restart strategy none: one failure fails the test), and for every signal every record is
 * accounted for exactly: indexed, or a dead letter with a reason — refused documents (by the guard
 * or by Elasticsearch) and messages that could not be decoded. The counts are printed; {@code
 * docs/reliability.md} has them.
 */
@ExtendWith(RealStack.class)
class HostileTelemetryITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = JobsHarness.miniCluster();

    private static final long SEED = 20261206L;
    private static final int PER_SIGNAL = 3_334;

    @Test
    void everyHostileRecordIsIndexedOrADeadLetterAndNoJobFails() throws Exception {
        try (JobsHarness it = new JobsHarness("fuzz")) {
            List<byte[]> metrics = new ArrayList<>();
            List<byte[]> logs = new ArrayList<>();
            List<byte[]> spans = new ArrayList<>();
            for (int i = 0; i < PER_SIGNAL; i++) {
                metrics.add(HostileTelemetry.metric(i, SEED));
                logs.add(HostileTelemetry.log(i, SEED));
                spans.add(HostileTelemetry.span(i, SEED));
            }
            it.produce(it.topic("otlp_metrics"), metrics);
            it.produce(it.topic("otlp_logs"), logs);
            it.produce(it.topic("otlp_spans"), spans);

            it.runBounded(); // restart strategy none: any failure of any job throws here

            String prefix = it.bounded.elasticsearch().indexPrefix();
            EcsMapper ecs = new EcsMapper(prefix);
            JaegerMapper jaeger = new JaegerMapper(it.bounded.jaeger().indexPrefix());
            OtlpMetricDecoder metricDecoder = new OtlpMetricDecoder(OtlpEncoding.AUTO);
            OtlpLogDecoder logDecoder = new OtlpLogDecoder(OtlpEncoding.AUTO);
            OtlpSpanDecoder spanDecoder = new OtlpSpanDecoder(OtlpEncoding.AUTO);
            // per family: what was sent, how the job decodes and maps it, where it goes
            record Family(
                    String what,
                    String index,
                    String topic,
                    List<byte[]> sent,
                    Function<byte[], DecodeResult<?>> decode,
                    Function<Object, EsDocument> map) {}
            List<Family> families =
                    List.of(
                            new Family(
                                    "metric points",
                                    "metric-points",
                                    "otlp_metrics",
                                    metrics,
                                    metricDecoder::decode,
                                    p -> ecs.metric((MetricPoint) p)),
                            new Family(
                                    "logs",
                                    "logs",
                                    "otlp_logs",
                                    logs,
                                    logDecoder::decode,
                                    r -> ecs.log((LogEvent) r)),
                            new Family(
                                    "spans (ECS)",
                                    "spans",
                                    "otlp_spans",
                                    spans,
                                    spanDecoder::decode,
                                    r -> ecs.span((SpanRecord) r)),
                            new Family(
                                    "spans (Jaeger)",
                                    "jaeger-span",
                                    "otlp_spans",
                                    spans,
                                    spanDecoder::decode,
                                    r -> jaeger.span((SpanRecord) r)));
            List<Counts> all = new ArrayList<>();
            for (Family f : families) {
                all.add(
                        counts(
                                it,
                                f.what(),
                                it.indices(f.index()),
                                expected(f.sent(), f.decode(), f.map()),
                                f.topic()));
            }
            for (Counts c : all) {
                System.out.println("fuzz " + c);
                assertThat(c.indexed() + c.refused() + c.undecodable())
                        .as(c.what() + ": indexed + refused + undecodable")
                        .isEqualTo(PER_SIGNAL);
            }
            // every derived document (rollups, RED, templates, services, dependencies…) that was
            // refused is a dead letter too: the dead-letter index holds only reasoned letters
            long letters = it.es.count(it.indices("dlq"));
            long reasoned =
                    it.es.count(it.indices("dlq"), "{\"exists\":{\"field\":\"error.message\"}}");
            System.out.println(
                    "fuzz dead letters in the index: "
                            + letters
                            + " (refused by the guard: "
                            + it.es.count(
                                    it.indices("dlq"), "{\"term\":{\"vigil.dlq.stage\":\"guard\"}}")
                            + ", by Elasticsearch: "
                            + it.es.count(
                                    it.indices("dlq"),
                                    "{\"term\":{\"vigil.dlq.stage\":\"elasticsearch\"}}")
                            + ")");
            assertThat(reasoned).isEqualTo(letters);
            System.out.println(
                    "fuzz refusals past the field limit: "
                            + it.es.count(
                                    it.indices("dlq"),
                                    "{\"match_phrase\":{\"error.message\":\"past its limit of\"}}")
                            + ", by target index: "
                            + it.es.post(
                                            "/" + it.indices("dlq") + "/_search",
                                            "{\"size\":0,\"aggs\":{\"i\":{\"terms\":"
                                                    + "{\"field\":\"vigil.dlq.index\","
                                                    + "\"size\":50}}}}")
                                    .at("/aggregations/i/buckets"));
            assertThat(it.es.count(it.indices("metrics"))).as("rollups were written").isPositive();
            assertThat(it.es.count(it.indices("red"))).as("RED was written").isPositive();
        }
    }

    /** The ids the jobs' mappers give the records that decode, and how many do not. */
    private record Expected(List<String> ids, int undecodable) {}

    private static Expected expected(
            List<byte[]> messages,
            Function<byte[], DecodeResult<?>> decode,
            Function<Object, EsDocument> map) {
        List<String> ids = new ArrayList<>();
        int undecodable = 0;
        for (byte[] message : messages) {
            DecodeResult<?> result = decode.apply(message);
            if (result.records().isEmpty()) {
                undecodable++;
            }
            for (Object record : result.records()) {
                ids.add(map.apply(record).id());
            }
        }
        return new Expected(ids, undecodable);
    }

    /**
     * @param indexed documents of the records in their index
     * @param refused dead letters of the records' documents (guard or Elasticsearch)
     * @param undecodable dead letters of the messages that did not decode (their reason)
     */
    private record Counts(String what, long indexed, long refused, long undecodable) {}

    private static Counts counts(
            JobsHarness it, String what, String index, Expected expected, String topic)
            throws Exception {
        long indexed = 0;
        long refused = 0;
        for (int from = 0; from < expected.ids().size(); from += 1_000) {
            List<String> batch =
                    expected.ids().subList(from, Math.min(from + 1_000, expected.ids().size()));
            String values = "[\"" + String.join("\",\"", batch) + "\"]";
            indexed += it.es.count(index, "{\"ids\":{\"values\":" + values + "}}");
            // ids alone are not enough: an ECS span and its Jaeger span share trace-span ids
            refused +=
                    it.es.count(
                            it.indices("dlq"),
                            "{\"bool\":{\"filter\":[{\"terms\":{\"vigil.dlq.document_id\":"
                                    + values
                                    + "}},{\"prefix\":{\"vigil.dlq.index\":\""
                                    + index.replace("*", "")
                                    + "\"}}]}}");
        }
        long undecodable =
                it.es.count(
                        it.indices("dlq"),
                        "{\"term\":{\"vigil.dlq.topic\":\"" + it.topic(topic) + "\"}}");
        assertThat(undecodable)
                .as(what + ": undecodable messages")
                .isEqualTo(expected.undecodable());
        return new Counts(what, indexed, refused, undecodable);
    }
}
