package io.vigil.local;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One simulated service instance: its own tracer, logger and meter providers with its own {@link
 * Resource}, sending through its own exporters, exactly like a separately deployed process
 * instrumented with the OpenTelemetry SDK. A deploy replaces the instance (new version, new {@code
 * service.instance.id}); the host and its {@link HostState} stay.
 *
 * <p>Metrics are never collected on a wall-clock timer: the generator calls {@link #flush()} at
 * each boundary of simulated time, which collects the observable gauges from {@link HostState} at
 * that instant. Span and log queues hold up to {@value #QUEUE_SIZE} items, far more than one metric
 * interval produces at the generator's rates, and are drained at every boundary too, so nothing is
 * dropped even when the generator runs faster than real time.
 */
final class ServiceSdk implements AutoCloseable {

    static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");
    static final AttributeKey<String> SERVICE_VERSION = AttributeKey.stringKey("service.version");
    static final AttributeKey<String> SERVICE_INSTANCE_ID =
            AttributeKey.stringKey("service.instance.id");
    static final AttributeKey<String> HOST_NAME = AttributeKey.stringKey("host.name");
    static final AttributeKey<String> DEPLOYMENT_ENVIRONMENT =
            AttributeKey.stringKey("deployment.environment");

    static final AttributeKey<String> HTTP_REQUEST_METHOD =
            AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> HTTP_ROUTE = AttributeKey.stringKey("http.route");
    static final AttributeKey<Long> HTTP_RESPONSE_STATUS_CODE =
            AttributeKey.longKey("http.response.status_code");

    /** The environment every generated resource is in. */
    static final String ENVIRONMENT = "demo";

    /** Bucket bounds of {@code http.server.request.duration} (seconds), as semconv advises. */
    static final List<Double> DURATION_BUCKETS =
            List.of(
                    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
                    10.0);

    static final int QUEUE_SIZE = 1 << 16;
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

    final String service;
    final String version;
    final String instanceId;
    final HostState host;
    final Tracer tracer;
    final Logger logger;

    private final SdkTracerProvider tracerProvider;
    private final SdkLoggerProvider loggerProvider;
    private final SdkMeterProvider meterProvider;
    private final DoubleHistogram requestDuration;
    private final LongCounter requests;

    ServiceSdk(
            String service,
            String version,
            String instanceId,
            HostState host,
            SimulatedClock clock,
            IdGenerator ids,
            TelemetryExporters exporters,
            CountingExporters counting) {
        this.service = service;
        this.version = version;
        this.instanceId = instanceId;
        this.host = host;
        Resource resource =
                Resource.getDefault()
                        .merge(
                                Resource.create(
                                        Attributes.builder()
                                                .put(SERVICE_NAME, service)
                                                .put(SERVICE_VERSION, version)
                                                .put(SERVICE_INSTANCE_ID, instanceId)
                                                .put(HOST_NAME, host.hostName)
                                                .put(DEPLOYMENT_ENVIRONMENT, ENVIRONMENT)
                                                .build()));
        this.tracerProvider =
                SdkTracerProvider.builder()
                        .setClock(clock)
                        .setIdGenerator(ids)
                        .setResource(resource)
                        .setSampler(Sampler.alwaysOn())
                        .addSpanProcessor(
                                BatchSpanProcessor.builder(counting.wrap(exporters.spans(service)))
                                        .setMaxQueueSize(QUEUE_SIZE)
                                        .setMaxExportBatchSize(512)
                                        .setScheduleDelay(Duration.ofSeconds(1))
                                        .build())
                        .build();
        this.loggerProvider =
                SdkLoggerProvider.builder()
                        .setClock(clock)
                        .setResource(resource)
                        .addLogRecordProcessor(
                                BatchLogRecordProcessor.builder(
                                                counting.wrap(exporters.logs(service)))
                                        .setMaxQueueSize(QUEUE_SIZE)
                                        .setMaxExportBatchSize(512)
                                        .setScheduleDelay(Duration.ofSeconds(1))
                                        .build())
                        .build();
        this.meterProvider =
                SdkMeterProvider.builder()
                        .setClock(clock)
                        .setResource(resource)
                        .registerMetricReader(
                                new BoundaryMetricReader(counting.wrap(exporters.metrics(service))))
                        .build();
        String scope = "io.vigil.demo." + service;
        this.tracer = tracerProvider.get(scope);
        this.logger = loggerProvider.get(scope);
        Meter meter = meterProvider.get(scope);
        this.requestDuration =
                meter.histogramBuilder("http.server.request.duration")
                        .setUnit("s")
                        .setDescription("Duration of HTTP server requests.")
                        .setExplicitBucketBoundariesAdvice(DURATION_BUCKETS)
                        .build();
        this.requests =
                meter.counterBuilder("http.server.requests")
                        .setUnit("{request}")
                        .setDescription("HTTP server requests handled.")
                        .build();
        registerHostGauges(meter, host);
    }

    private static void registerHostGauges(Meter meter, HostState host) {
        meter.gaugeBuilder("system.cpu.utilization")
                .setUnit("1")
                .setDescription("CPU busy share of the host, 0 to 1.")
                .buildWithCallback(m -> m.record(host.cpuUtilization));
        Attributes used = Attributes.of(AttributeKey.stringKey("system.memory.state"), "used");
        meter.upDownCounterBuilder("system.memory.usage")
                .setUnit("By")
                .setDescription("Memory in use on the host.")
                .buildWithCallback(m -> m.record(host.memoryUsedBytes, used));
        meter.upDownCounterBuilder("system.memory.limit")
                .setUnit("By")
                .setDescription("Total memory available on the host.")
                .buildWithCallback(m -> m.record(host.memoryLimitBytes));
        meter.gaugeBuilder("system.memory.utilization")
                .setUnit("1")
                .setDescription("Share of the host's memory in use, 0 to 1.")
                .buildWithCallback(m -> m.record(host.memoryUtilization(), used));
        Attributes filesystem =
                Attributes.builder()
                        .put("system.device", host.device)
                        .put("system.filesystem.mountpoint", host.mountpoint)
                        .put("system.filesystem.type", "ext4")
                        .build();
        meter.gaugeBuilder("system.filesystem.utilization")
                .setUnit("1")
                .setDescription("Used share of the filesystem, 0 to 1.")
                .buildWithCallback(m -> m.record(host.filesystemUtilization, filesystem));
        if (host.queue != null) {
            Attributes queue =
                    Attributes.builder()
                            .put("messaging.system", "kafka")
                            .put("messaging.destination.name", host.queue)
                            .put("messaging.consumer.group.name", host.hostService)
                            .build();
            meter.gaugeBuilder("messaging.queue.depth")
                    .ofLongs()
                    .setUnit("{message}")
                    .setDescription("Messages waiting in the queue this service consumes.")
                    .buildWithCallback(m -> m.record(host.queueDepth, queue));
        }
    }

    /** Records one handled HTTP request in the server metrics. */
    void recordServerRequest(String method, String route, long status, double seconds) {
        Attributes attributes =
                Attributes.of(
                        HTTP_REQUEST_METHOD, method,
                        HTTP_ROUTE, route,
                        HTTP_RESPONSE_STATUS_CODE, status);
        requestDuration.record(seconds, attributes);
        requests.add(1, attributes);
    }

    /**
     * Collects and exports metrics now (simulated time) and drains the span and log queues. Returns
     * without waiting; join the result to wait for the exports.
     */
    CompletableResultCode flush() {
        return CompletableResultCode.ofAll(
                List.of(
                        meterProvider.forceFlush(),
                        tracerProvider.forceFlush(),
                        loggerProvider.forceFlush()));
    }

    /**
     * Shuts the providers (and their exporters) down: queued spans and logs are exported, metrics
     * are not collected again ({@link #flush()} first for a final collection).
     */
    @Override
    public void close() {
        CompletableResultCode.ofAll(
                        List.of(
                                meterProvider.shutdown(),
                                tracerProvider.shutdown(),
                                loggerProvider.shutdown()))
                .join(FLUSH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }
}
