package io.vigil.udfs.promql;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.model.Attribute;
import io.vigil.udfs.model.MetricPoint;
import io.vigil.udfs.model.MetricType;
import io.vigil.udfs.model.Temporality;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PointSamplesTest {
    private static MetricPoint requests(long minute, long count) {
        return MetricPoint.builder(
                        "vigil.service.requests", MetricType.SUM, minute * 60_000_000_000L)
                .metadata("", "{request}")
                .aggregation(Temporality.DELTA, true)
                .series((minute - 1) * 60_000_000_000L, Attribute.NONE)
                .value(count)
                .origin(
                        new Attribute[] {Attribute.string("service.name", "checkout")},
                        "",
                        "",
                        "checkout")
                .build();
    }

    @Test
    void deltaSumsBecomeCountersAndAResentIntervalCountsOnce() {
        PointSamples samples = new PointSamples();
        List<String> out = new ArrayList<>();
        PointSamples.Sink sink = (labels, t, v) -> out.add(labels + " " + t + " " + v);
        samples.accept(requests(1, 20), sink);
        samples.accept(requests(2, 20), sink);
        samples.accept(requests(2, 25), sink); // minute 2 again, with late requests
        samples.accept(requests(3, 20), sink);
        assertThat(out)
                .containsExactly(
                        "vigil_service_requests_total{job=\"checkout\", service_name=\"checkout\"} 60000 20.0",
                        "vigil_service_requests_total{job=\"checkout\", service_name=\"checkout\"} 120000 40.0",
                        "vigil_service_requests_total{job=\"checkout\", service_name=\"checkout\"} 180000 60.0");
        assertThat(samples.resentDeltas()).isEqualTo(1);
    }

    private static MetricPoint gauge(String name, String scope, Attribute... attributes) {
        return MetricPoint.builder(name, MetricType.GAUGE, 60_000_000_000L)
                .series(0, attributes)
                .value(1)
                .origin(new Attribute[] {Attribute.string("service.name", "api")}, scope, "", "api")
                .build();
    }

    @Test
    void aNameOrKeyWithNoLetterOrDigitIsNoSeriesOrNoLabelNotACrash() {
        PointSamples samples = new PointSamples();
        List<String> out = new ArrayList<>();
        PointSamples.Sink sink = (labels, t, v) -> out.add(labels.toString());
        samples.accept(gauge("...", ""), sink);
        assertThat(samples.seriesNames(gauge("...", ""))).isEmpty();
        assertThat(samples.unsupported()).isEqualTo(1);
        samples.accept(
                gauge("load", "", Attribute.string(".", "x"), Attribute.string("a", "1")), sink);
        assertThat(out).containsExactly("load{a=\"1\", job=\"api\", service_name=\"api\"}");
    }

    @Test
    void pointsWithPrometheusNamesKeepThemAndTheirServiceName() {
        PointSamples samples = new PointSamples();
        List<String> out = new ArrayList<>();
        PointSamples.Sink sink = (labels, t, v) -> out.add(labels.toString());
        String scope = PointSamples.PROMETHEUS_NAMED_SCOPE;
        samples.accept(
                gauge(
                        "jvm__memory_bytes",
                        scope,
                        Attribute.string("area__kind", "heap"),
                        Attribute.string("service_name", "checkout")),
                sink);
        samples.accept(gauge("_", scope, Attribute.string("_", "x")), sink);
        // not valid Prometheus names: translated, whatever the scope says
        samples.accept(gauge("disk.used", scope, Attribute.string("a.b", "1")), sink);
        // the same through the OpenTelemetry translation, for contrast
        samples.accept(
                gauge("jvm__memory_bytes", "", Attribute.string("area__kind", "heap")), sink);
        assertThat(out)
                .containsExactly(
                        "jvm__memory_bytes{area__kind=\"heap\", job=\"api\", service_name=\"checkout\"}",
                        "_{_=\"x\", job=\"api\", service_name=\"api\"}",
                        "disk_used{a_b=\"1\", job=\"api\", service_name=\"api\"}",
                        "jvm_memory_bytes{area_kind=\"heap\", job=\"api\", service_name=\"api\"}");
    }
}
