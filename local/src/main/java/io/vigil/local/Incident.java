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
 * @param onset when the condition behind the fault starts building, at or before {@code start}: for
 *     {@link IncidentKind#DISK_FILLING} the disk fills from here (a slow fill a forecaster can see
 *     coming), while the fault proper, writes failing, stays within [{@code start}, {@code end}).
 *     Equal to {@code start} for a fault that starts at once, and for every other kind
 */
public record Incident(
        String service,
        IncidentKind kind,
        Instant start,
        Instant end,
        String description,
        Instant onset) {

    public Incident {
        Fields.requireNonNull("service kind", service, kind);
        Fields.requireNonNull("start end description onset", start, end, description, onset);
        if (onset.isAfter(start)) {
            throw new IllegalArgumentException(
                    "incident "
                            + kind.wireName()
                            + " on "
                            + service
                            + ": onset "
                            + onset
                            + " must not be after start "
                            + start);
        }
        if (onset.isBefore(start) && kind != IncidentKind.DISK_FILLING) {
            throw new IllegalArgumentException(
                    "incident "
                            + kind.wireName()
                            + " on "
                            + service
                            + ": only disk_filling builds up before its start; give it onset ="
                            + " start "
                            + start);
        }
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

    /** An incident that starts at once: its {@link #onset} is its {@code start}. */
    public Incident(
            String service, IncidentKind kind, Instant start, Instant end, String description) {
        this(service, kind, start, end, description, start);
    }

    /**
     * This incident with the condition building from {@code onset} on (see {@link #onset}).
     *
     * @throws IllegalArgumentException if {@code onset} is after {@code start}, or before it for a
     *     kind other than {@link IncidentKind#DISK_FILLING}
     */
    public Incident withOnset(Instant onset) {
        return new Incident(service, kind, start, end, description, onset);
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

    /**
     * Whether the condition is building or the fault in effect at {@code t}: {@code onset <= t <
     * end}. The same as {@link #isActiveAt} when the onset is the start.
     */
    public boolean isUnderwayAt(Instant t) {
        return !t.isBefore(onset) && t.isBefore(end);
    }

    /**
     * How far the condition has built up at {@code t}, from 0 (onset) to 1 (end), clamped. The same
     * as {@link #progressAt} when the onset is the start.
     */
    public double buildUpAt(Instant t) {
        double total = Duration.between(onset, end).toNanos();
        double elapsed = Duration.between(onset, t).toNanos();
        return Math.max(0.0, Math.min(1.0, elapsed / total));
    }

    /**
     * The instant {@code progress} of the way from start to end ({@link #progressAt} inverted),
     * truncated to milliseconds.
     */
    public Instant atProgress(double progress) {
        long millis = Duration.between(start, end).toMillis();
        return start.plusMillis((long) (progress * millis));
    }

    /** Whether this incident and {@code other} share any instant. */
    public boolean overlaps(Incident other) {
        return start.isBefore(other.end) && other.start.isBefore(end);
    }

    /**
     * The ground-truth record: {@code service}, {@code kind} ({@link IncidentKind#wireName()}),
     * {@code start} and {@code end} (ISO-8601 instants) and {@code description}, in this order;
     * then {@code onset} when it is before the start.
     */
    public Map<String, String> toRecord() {
        Map<String, String> record = new LinkedHashMap<>();
        record.put("service", service);
        record.put("kind", kind.wireName());
        record.put("start", start.toString());
        record.put("end", end.toString());
        record.put("description", description);
        if (onset.isBefore(start)) {
            record.put("onset", onset.toString());
        }
        return record;
    }
}
