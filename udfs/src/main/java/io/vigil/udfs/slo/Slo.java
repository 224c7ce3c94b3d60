package io.vigil.udfs.slo;

import io.vigil.udfs.promql.Expr;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One service-level objective: {@code objective} of a service's events are good over a rolling
 * {@code window}. The error budget is {@code 1 − objective}; the burn rate over a window is the
 * error ratio there divided by the budget (1 spends exactly the budget over the SLO's window).
 *
 * @param name the SLO's identifier ({@code [a-zA-Z0-9_.-]+}), its label {@code slo}
 * @param service the service, label {@code service}
 * @param description what the SLO promises, for people
 * @param objective the target share of good events, in (0, 1), e.g. 0.999
 * @param window the rolling compliance window, 30 days by default
 * @param sli how good and bad events are counted
 * @param profile which burn-rate alerts to raise
 * @param labels labels added to the SLO's alerts
 * @param annotations annotations added to the SLO's alerts
 */
public record Slo(
        String name,
        String service,
        String description,
        double objective,
        Duration window,
        Sli sli,
        Profile profile,
        SortedMap<String, String> labels,
        SortedMap<String, String> annotations)
        implements Serializable {

    public Slo {
        labels = new TreeMap<>(labels);
        annotations = new TreeMap<>(annotations);
    }

    /** The error budget: the share of events that may be bad, {@code 1 − objective}. */
    public double errorBudget() {
        return 1 - objective;
    }

    /** How events are counted; the selectors are PromQL vector selectors of counters. */
    public sealed interface Sli extends Serializable {}

    /**
     * Availability from counters: bad events are {@code errors} (or {@code total − good}).
     *
     * @param errors the bad-event counter, or null if {@code good} is given
     * @param good the good-event counter, or null if {@code errors} is given
     * @param total the counter of all events
     */
    record Ratio(Expr.VectorSelector errors, Expr.VectorSelector good, Expr.VectorSelector total)
            implements Sli {}

    /**
     * Latency from a duration histogram: good events are those at or under {@code threshold}
     * (bucket {@code le="threshold"}), out of the histogram's {@code _count}.
     *
     * @param histogram the histogram's selector, named by its base name (without {@code _bucket})
     * @param threshold the bucket bound, in the histogram's unit (seconds for {@code *_seconds})
     * @param le the bound as the {@code le} label writes it
     */
    record Latency(Expr.VectorSelector histogram, double threshold, String le) implements Sli {}

    /** A pair of windows and the burn rate both must exceed, and the severity of the alert. */
    public record BurnWindow(
            Duration longWindow, Duration shortWindow, double burnRate, String severity)
            implements Serializable {}

    /** The sets of burn-rate alerts. */
    public enum Profile {
        /**
         * The Google SRE Workbook's multiwindow, multi-burn-rate alerts: critical at 14.4× over 1 h
         * and 5 min or 6× over 6 h and 30 min; warning at 3× over 1 d and 2 h or 1× over 3 d and 6
         * h.
         */
        WORKBOOK(
                List.of(
                        new BurnWindow(
                                Duration.ofHours(1), Duration.ofMinutes(5), 14.4, "critical"),
                        new BurnWindow(Duration.ofHours(6), Duration.ofMinutes(30), 6, "critical"),
                        new BurnWindow(Duration.ofDays(1), Duration.ofHours(2), 3, "warning"),
                        new BurnWindow(Duration.ofDays(3), Duration.ofHours(6), 1, "warning"))),
        /**
         * A simpler set some teams use: critical at 10× over 1 h and 5 min; warning at 5× over 6 h
         * and 30 min or 2× over 1 d and 2 h.
         */
        SIMPLE(
                List.of(
                        new BurnWindow(Duration.ofHours(1), Duration.ofMinutes(5), 10, "critical"),
                        new BurnWindow(Duration.ofHours(6), Duration.ofMinutes(30), 5, "warning"),
                        new BurnWindow(Duration.ofDays(1), Duration.ofHours(2), 2, "warning")));

        private final List<BurnWindow> windows;

        Profile(List<BurnWindow> windows) {
            this.windows = windows;
        }

        /** The window pairs, most urgent first. */
        public List<BurnWindow> windows() {
            return windows;
        }

        /** The profile named {@code name} in a file ({@code workbook}, {@code simple}). */
        public static Profile named(String name) {
            for (Profile p : values()) {
                if (p.name().equalsIgnoreCase(name)) {
                    return p;
                }
            }
            return null;
        }
    }

    /** Shorthand for a label map. */
    static SortedMap<String, String> sorted(Map<String, String> m) {
        return new TreeMap<>(m);
    }
}
