package io.vigil.local;

import io.vigil.udfs.model.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One scripted incident: what the generated telemetry shows, and the ground truth a detector is
 * scored against.
 *
 * @param service the service whose telemetry shows the fault (also the Kafka key of its
 *     ground-truth record)
 * @param kind what goes wrong
 * @param start first instant of the fault (inclusive), in simulated time
 * @param end instant the fault is over (exclusive); after {@code start}
 * @param description one sentence for people reading the ground truth
 */
public record Incident(
        String service, IncidentKind kind, Instant start, Instant end, String description) {

    public Incident {
        Fields.requireNonNull("service kind", service, kind);
        Fields.requireNonNull("start end description", start, end, description);
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException(
                    "incident "
                            + kind.wireName()
                            + " on "
                            + service
                            + ": end "
                            + end
                            + " must be after start "
                            + start);
        }
    }

    /** Whether the fault is in effect at {@code t}: {@code start <= t < end}. */
    public boolean isActiveAt(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    /** How far into the incident {@code t} is, from 0 (start) to 1 (end), clamped. */
    public double progressAt(Instant t) {
        double total = Duration.between(start, end).toNanos();
        double elapsed = Duration.between(start, t).toNanos();
        return Math.max(0.0, Math.min(1.0, elapsed / total));
    }

    /** Whether this incident and {@code other} share any instant. */
    public boolean overlaps(Incident other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /**
     * The ground-truth record: {@code service}, {@code kind} ({@link IncidentKind#wireName()}),
     * {@code start} and {@code end} (ISO-8601 instants) and {@code description}, in this order.
     */
    public Map<String, String> toRecord() {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("service", service);
        record.put("kind", kind.wireName());
        record.put("start", start.toString());
        record.put("end", end.toString());
        record.put("description", description);
        return record;
    }
}
