package io.vigil.local;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The standard incident script of the demo, scaled to any run length.
 *
 * <p>The first 15 % of the run is quiet, so detectors learn the baseline; the last 5 % is quiet
 * too, so the last incident's recovery is visible. The 80 % in between is cut into five equal
 * slots, one per incident, and each incident takes the middle 60 % of its slot, leaving quiet gaps
 * of at least 40 % of a slot between two incidents. For a 15-minute demo: slots of 144 s, incidents
 * of 86 s, gaps of 58 s; for a 1-minute test: slots of 9.6 s, incidents of 5.8 s. Instants are
 * truncated to milliseconds.
 */
public final class IncidentScript {

    /** Shortest run the standard script fits in (each incident still spans ≥ 2 s). */
    public static final Duration MIN_DURATION = Duration.ofSeconds(20);

    /** Quiet lead-in, percent of the run. */
    static final long QUIET_START_PERCENT = 15;

    /** Quiet tail, percent of the run. */
    static final long QUIET_END_PERCENT = 5;

    /** Share of its slot an incident takes, percent (centered in the slot). */
    static final long ACTIVE_PERCENT_OF_SLOT = 60;

    private IncidentScript() {}

    /**
     * The five incidents, in this order: latency regression in {@code payment}, error burst in
     * {@code checkout}, CPU saturation of {@code payment}'s host, {@code database}'s disk filling
     * up, a deploy of {@code checkout} followed by errors until it is rolled back.
     *
     * @throws IllegalArgumentException if {@code duration} is shorter than {@link #MIN_DURATION}
     */
    public static List<Incident> standard(Instant start, Duration duration) {
        return standard(start, duration, ACTIVE_PERCENT_OF_SLOT);
    }

    /**
     * The {@link #standard(Instant, Duration) standard} five incidents, each active for {@code
     * activePercent} of its slot (centred in it): a smaller share leaves more quiet time between
     * faults, for runs long enough that each fault's incident can resolve before the next starts.
     *
     * @throws IllegalArgumentException if {@code duration} is shorter than {@link #MIN_DURATION} or
     *     {@code activePercent} is not in [10, 100]
     */
    public static List<Incident> standard(Instant start, Duration duration, long activePercent) {
        if (activePercent < 10 || activePercent > 100) {
            throw new IllegalArgumentException(
                    "activePercent must be in [10, 100], was " + activePercent);
        }
        if (duration.compareTo(MIN_DURATION) < 0) {
            throw new IllegalArgumentException(
                    "the standard incident script needs at least "
                            + MIN_DURATION.toSeconds()
                            + " s of simulated time, got "
                            + duration.toMillis()
                            + " ms;"
                            + " pass an explicit (possibly empty) incident list instead");
        }
        record Plan(String service, IncidentKind kind, String description) {}
        List<Plan> plans =
                List.of(
                        new Plan(
                                "payment",
                                IncidentKind.LATENCY_REGRESSION,
                                "payment: INSERT into payments about 6x slower (lock contention"
                                        + " after a schema migration)"),
                        new Plan(
                                "checkout",
                                IncidentKind.ERROR_BURST,
                                "checkout: about a third of orders fail with HTTP 500 (order"
                                        + " worker pool exhausted)"),
                        new Plan(
                                "payment",
                                IncidentKind.CPU_SATURATION,
                                "payment: host CPU saturated by a runaway batch job; requests"
                                        + " slower"),
                        new Plan(
                                "database",
                                IncidentKind.DISK_FILLING,
                                "database: data volume fills up (WAL archiving stuck); writes"
                                        + " fail near the end"),
                        new Plan(
                                "checkout",
                                IncidentKind.DEPLOY_ERRORS,
                                "checkout: deploy of 2.5.0 throws NullPointerException on a"
                                        + " quarter of orders until rolled back to 2.4.0"));
        // Integer arithmetic on nanoseconds: the same run always gives the same instants.
        long total = duration.toNanos();
        long slot = total * (100 - QUIET_START_PERCENT - QUIET_END_PERCENT) / 100 / plans.size();
        long inset = slot * (100 - activePercent) / 200;
        List<Incident> incidents = new ArrayList<>();
        for (int i = 0; i < plans.size(); i++) {
            long slotStart = total * QUIET_START_PERCENT / 100 + i * slot;
            Instant from = at(start, slotStart + inset);
            Instant to = at(start, slotStart + slot - inset);
            Plan plan = plans.get(i);
            incidents.add(new Incident(plan.service(), plan.kind(), from, to, plan.description()));
        }
        return List.copyOf(incidents);
    }

    /**
     * Checks that every incident, from its {@link Incident#onset onset} to its end, lies within
     * {@code [start, start + duration]} and names a service of the generator.
     *
     * @throws IllegalArgumentException naming the first incident that does not
     */
    public static void validate(List<Incident> incidents, Instant start, Duration duration) {
        Instant end = start.plus(duration);
        for (Incident incident : incidents) {
            if (incident.onset().isBefore(start) || incident.end().isAfter(end)) {
                throw new IllegalArgumentException(
                        "incident "
                                + incident.kind().wireName()
                                + " on "
                                + incident.service()
                                + " ("
                                + (incident.onset().isBefore(incident.start())
                                        ? "building from " + incident.onset() + ", "
                                        : "")
                                + incident.start()
                                + " to "
                                + incident.end()
                                + ") is outside the run "
                                + start
                                + " to "
                                + end);
            }
            if (!TelemetryGenerator.SERVICES.contains(incident.service())) {
                throw new IllegalArgumentException(
                        "incident "
                                + incident.kind().wireName()
                                + " names unknown service '"
                                + incident.service()
                                + "'; services are "
                                + TelemetryGenerator.SERVICES);
            }
        }
    }

    private static Instant at(Instant start, long offsetNanos) {
        return start.plusNanos(offsetNanos).truncatedTo(ChronoUnit.MILLIS);
    }
}
