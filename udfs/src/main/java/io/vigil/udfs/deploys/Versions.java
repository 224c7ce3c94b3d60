package io.vigil.udfs.deploys;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import java.io.Serializable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The versions of one service seen in its telemetry ({@code service.version} of the resource), and
 * the deploys they reveal: a version not seen before, once another one was. A rolling deploy, with
 * old and new instances reporting side by side, is one deploy; a rollback to a version seen before
 * is none (the trouble it ends is already known). Plain Java; keyed state in the Flink layer.
 */
public final class Versions implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Versions remembered per service; beyond it the least recently seen is forgotten. */
    public static final int MAX_VERSIONS = 16;

    /** Version → last seen (event time), least recently seen first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>(16, 0.75f, true);

    private String latest = "";

    /**
     * Takes one observation of {@code version} at {@code atMillis}; returns the deploy alert when
     * it is a version never seen before and the service ran another before.
     */
    public Optional<AlertEvent> observe(
            String service, String version, String instance, long atMillis) {
        if (version == null || version.isBlank()) {
            return Optional.empty();
        }
        boolean known = seen.containsKey(version);
        String previous = latest;
        Long before = seen.get(version);
        seen.put(version, before == null ? atMillis : Math.max(before, atMillis));
        if (!known) {
            latest = version;
            if (seen.size() > MAX_VERSIONS) {
                String eldest = seen.keySet().iterator().next();
                seen.remove(eldest);
            }
        }
        if (known || previous.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(deployed(service, previous, version, instance, atMillis));
    }

    /** The versions remembered, least recently seen first, with when each was last seen. */
    public Map<String, Long> seen() {
        return java.util.Collections.unmodifiableMap(seen);
    }

    /** An info alert {@code ServiceDeployed}: {@code service} now runs {@code version}. */
    public static AlertEvent deployed(
            String service, String previous, String version, String instance, long atMillis) {
        SortedMap<String, String> labels = new TreeMap<>();
        labels.put("alertname", "ServiceDeployed");
        labels.put("severity", Severity.INFO.wireName());
        labels.put("source", AlertSource.DEPLOY.wireName());
        labels.put("service", service);
        labels.put("version", version);
        SortedMap<String, String> annotations = new TreeMap<>();
        annotations.put("summary", service + " " + version + " deployed (was " + previous + ")");
        annotations.put(
                "description",
                "First telemetry of "
                        + service
                        + " with service.version "
                        + version
                        + (instance.isEmpty() ? "" : ", from instance " + instance)
                        + "; before it, "
                        + previous
                        + " ran.");
        return AlertEvent.firing(
                labels,
                annotations,
                AlertSource.DEPLOY,
                Severity.INFO,
                Instant.ofEpochMilli(atMillis),
                List.of());
    }
}
