package io.vigil.udfs.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * The life of one alert rule's alert on one series, as Prometheus runs it: a condition is observed
 * at event times, in order, and the alert moves through {@link Phase#INACTIVE} → {@link
 * Phase#PENDING} → {@link Phase#FIRING} → {@link Phase#RESOLVED}. Plain state, no payload: the
 * caller builds the {@link AlertEvent}s when {@link #observe} reports a change.
 *
 * <ul>
 *   <li>Inactive (or resolved) and the condition holds: pending since that observation; firing at
 *       once if {@link Rule#forDuration()} is zero.
 *   <li>Pending: firing at the first observation at which the condition has held for {@code for}
 *       (time since the pending observation &ge; {@code for}); inactive again at the first
 *       observation at which it does not hold.
 *   <li>Firing: the alert keeps firing while the condition is false, and resolves at the first
 *       observation at least {@link Rule#resolveAfter()} after the first observation at which the
 *       condition stopped holding ({@link #quietSinceMillis()}, the alert's end); an observation at
 *       which it holds again starts that wait over.
 *   <li>Resolved: like inactive for the next observation; a new episode can start.
 * </ul>
 *
 * <p>Times are epoch milliseconds of event time. Invariant: {@link #activeSinceMillis()} is set
 * while pending, firing or resolved; {@link #quietSinceMillis()} only while firing (quiet) or
 * resolved. "Not set" is {@link Long#MIN_VALUE}.
 */
public final class AlertLifecycle implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final long NONE = Long.MIN_VALUE;

    /** Where the alert is; see the class comment for the transitions. */
    public enum Phase {
        INACTIVE,
        PENDING,
        FIRING,
        RESOLVED
    }

    /**
     * How long the condition must hold before an alert fires, and stay false before it resolves.
     *
     * @param forDuration Prometheus' {@code for}: how long an alert is pending before it fires;
     *     zero fires at the first observation at which the condition holds
     * @param resolveAfter how long a firing alert keeps firing after its condition stopped holding
     *     (Prometheus' {@code keep_firing_for}, measured from the first quiet observation); zero
     *     resolves at the first quiet observation
     */
    public record Rule(Duration forDuration, Duration resolveAfter) implements Serializable {
        public Rule {
            Objects.requireNonNull(forDuration, "forDuration");
            Objects.requireNonNull(resolveAfter, "resolveAfter");
            if (forDuration.isNegative()) {
                throw new IllegalArgumentException(
                        "forDuration must not be negative, was " + forDuration);
            }
            if (resolveAfter.isNegative()) {
                throw new IllegalArgumentException(
                        "resolveAfter must not be negative, was " + resolveAfter);
            }
        }
    }

    private Phase phase = Phase.INACTIVE;
    private long activeSinceMillis = NONE;
    private long quietSinceMillis = NONE;

    /** An inactive lifecycle. */
    public AlertLifecycle() {}

    /**
     * A lifecycle restored as firing.
     *
     * @param activeSinceMillis when the condition started holding
     * @param quietSinceMillis the first observation at which the condition no longer held, or
     *     {@link Long#MIN_VALUE} if it still holds
     */
    public static AlertLifecycle firing(long activeSinceMillis, long quietSinceMillis) {
        AlertLifecycle l = new AlertLifecycle();
        l.phase = Phase.FIRING;
        l.activeSinceMillis = activeSinceMillis;
        l.quietSinceMillis = quietSinceMillis;
        return l;
    }

    /**
     * Observes the condition at {@code atMillis} and returns the phase after it. A change to {@link
     * Phase#FIRING} means the alert fired at this observation; {@link Phase#RESOLVED} is returned
     * only at the observation that resolves it.
     */
    public Phase observe(long atMillis, boolean condition, Rule rule) {
        switch (phase) {
            case INACTIVE, RESOLVED -> {
                quietSinceMillis = NONE;
                if (condition) {
                    activeSinceMillis = atMillis;
                    phase = heldFor(atMillis, rule) ? Phase.FIRING : Phase.PENDING;
                } else {
                    activeSinceMillis = NONE;
                    phase = Phase.INACTIVE;
                }
            }
            case PENDING -> {
                if (!condition) {
                    activeSinceMillis = NONE;
                    phase = Phase.INACTIVE;
                } else if (heldFor(atMillis, rule)) {
                    phase = Phase.FIRING;
                }
            }
            case FIRING -> {
                if (condition) {
                    quietSinceMillis = NONE;
                } else {
                    if (quietSinceMillis == NONE) {
                        quietSinceMillis = atMillis;
                    }
                    if (atMillis - quietSinceMillis >= rule.resolveAfter().toMillis()) {
                        phase = Phase.RESOLVED;
                    }
                }
            }
        }
        return phase;
    }

    private boolean heldFor(long atMillis, Rule rule) {
        return atMillis - activeSinceMillis >= rule.forDuration().toMillis();
    }

    /** The phase after the latest observation. */
    public Phase phase() {
        return phase;
    }

    /** Whether the alert is firing: it fired and has not resolved. */
    public boolean isFiring() {
        return phase == Phase.FIRING;
    }

    /**
     * When the condition started holding (the pending observation), or {@link Long#MIN_VALUE} if
     * inactive.
     */
    public long activeSinceMillis() {
        return activeSinceMillis;
    }

    /**
     * While firing, the first observation since which the condition has not held; when resolved,
     * the alert's end. {@link Long#MIN_VALUE} otherwise.
     */
    public long quietSinceMillis() {
        return quietSinceMillis;
    }

    /** Forgets the alert (the series went away): inactive again, whatever the phase was. */
    public void reset() {
        phase = Phase.INACTIVE;
        activeSinceMillis = NONE;
        quietSinceMillis = NONE;
    }
}
