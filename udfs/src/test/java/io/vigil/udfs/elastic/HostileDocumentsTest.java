package io.vigil.udfs.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.ecs.EcsMapper;
import io.vigil.udfs.ecs.EsDocument;
import io.vigil.udfs.jaeger.JaegerMapper;
import io.vigil.udfs.otlp.DecodeResult;
import io.vigil.udfs.otlp.OtlpEncoding;
import io.vigil.udfs.otlp.OtlpLogDecoder;
import io.vigil.udfs.otlp.OtlpMetricDecoder;
import io.vigil.udfs.otlp.OtlpSpanDecoder;
import io.vigil.udfs.testing.HostileTelemetry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * What hostile attribute keys and values become: the document builders make every field name safe,
 * so the documents of hostile records pass the guard built from the shipped templates (the guard is
 * the net, the builders are the rule).
 */
class HostileDocumentsTest {
    private static final long SEED = 20261206L;
    private static final int N = 600;

    @Test
    void documentsOfHostileRecordsAreAcceptableToElasticsearch() {
        DocumentGuard guard = new DocumentGuard(DocumentGuardTest.shippedTemplates());
        EcsMapper ecs = new EcsMapper();
        JaegerMapper jaeger = new JaegerMapper("");
        List<EsDocument> docs = new ArrayList<>();
        int decoded = 0;
        Map<String, Integer> deadLetters = new TreeMap<>();
        for (int i = 0; i < N; i++) {
            DecodeResult<?> m =
                    new OtlpMetricDecoder(OtlpEncoding.AUTO)
                            .decode(HostileTelemetry.metric(i, SEED));
            DecodeResult<?> l =
                    new OtlpLogDecoder(OtlpEncoding.AUTO).decode(HostileTelemetry.log(i, SEED));
            DecodeResult<?> s =
                    new OtlpSpanDecoder(OtlpEncoding.AUTO).decode(HostileTelemetry.span(i, SEED));
            for (DecodeResult<?> result : List.of(m, l, s)) {
                if (result.records().isEmpty()) {
                    assertThat(result.errors())
                            .as("a record that does not decode has a reason")
                            .isNotEmpty();
                    result.errors()
                            .forEach(
                                    e ->
                                            deadLetters.merge(
                                                    e.length() > 100 ? e.substring(0, 100) : e,
                                                    1,
                                                    Integer::sum));
                }
            }
            for (Object r : m.records()) {
                docs.add(ecs.metric((io.vigil.udfs.model.MetricPoint) r));
                decoded++;
            }
            for (Object r : l.records()) {
                docs.add(ecs.log((io.vigil.udfs.model.LogEvent) r));
                decoded++;
            }
            for (Object r : s.records()) {
                docs.add(ecs.span((io.vigil.udfs.model.SpanRecord) r));
                docs.add(jaeger.span((io.vigil.udfs.model.SpanRecord) r));
                decoded++;
            }
        }
        Map<String, Integer> refusals = new TreeMap<>();
        for (EsDocument doc : docs) {
            Optional<String> reason = guard.check(doc);
            reason.ifPresent(
                    r ->
                            refusals.merge(
                                    r.length() > 120 ? r.substring(0, 120) : r, 1, Integer::sum));
        }
        System.out.println("decode dead letters: " + deadLetters);
        assertThat(decoded + deadLetters.values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(3 * N);
        // what the builders cannot repair is the index's room for new fields: records with keys
        // of their own fill it, and only then are documents refused
        assertThat(refusals.keySet())
                .isNotEmpty()
                .allSatisfy(reason -> assertThat(reason).contains("new fields to index"));
    }
}
