/**
 * The embedded real stack of the demo and the integration tests; never part of the deployable jar.
 *
 * <ul>
 *   <li>{@link io.vigil.local.EmbeddedKafka}: a Kafka 3.9 broker (KRaft) in a child JVM.
 *   <li>{@link io.vigil.local.EmbeddedElasticsearch}: Elasticsearch 7.10.2, a Testcontainers
 *       container where Docker runs, else a child JVM around the codelibs cluster runner.
 *   <li>{@link io.vigil.local.EmbeddedAlertmanager}: the installed Alertmanager binary as a child
 *       process.
 *   <li>{@link io.vigil.local.OtlpHttpReceiver}: OTLP/HTTP on port 4318 into the {@code otlp_*}
 *       topics, in the OpenTelemetry Collector kafka exporter's format.
 *   <li>{@link io.vigil.local.TelemetryGenerator}: a seeded shop (six services) sending spans, logs
 *       and metrics through the OpenTelemetry SDK, with scripted incidents and their ground truth
 *       ({@link io.vigil.local.IncidentScript}).
 *   <li>{@link io.vigil.local.ScenarioDataset}: the generator run fast with one of {@link
 *       io.vigil.local.IncidentScenarios}' faults into an incident dataset ({@code vigil
 *       generate}): OTLP/JSON files ({@link io.vigil.local.OtlpJsonFiles}), labels, DATASET.md.
 *   <li>{@link io.vigil.local.LocalStack}: all of the above, composed.
 * </ul>
 *
 * <p>Every part starts on a chosen port or a free one ({@link io.vigil.local.Ports}), waits for
 * readiness by polling ({@link io.vigil.local.Readiness}), and stops cleanly: child processes are
 * supervised by {@link io.vigil.local.ChildProcess} (they exit when this JVM dies, even by {@code
 * kill -9}) and {@link io.vigil.local.ShutdownSequence} stops everything in order on Ctrl-C.
 */
package io.vigil.local;
