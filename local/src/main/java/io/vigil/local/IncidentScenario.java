package io.vigil.local;

import io.vigil.udfs.model.Fields;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A named fault scenario of the simulated shop, written as an incident dataset by {@code vigil
 * generate} ({@link ScenarioDataset}): how long it runs by default and which faults it injects
 * when, as offsets from the start.
 *
 * <p>A run of another length scales the whole timeline (lead-in, faults, tail) by {@code duration /
 * defaultDuration}, so a test can generate a few simulated minutes of any scenario; instants are
 * truncated to milliseconds. A run of the default length uses the offsets as written.
 *
 * @param name lower case with dashes, e.g. {@code cpu-saturation}
 * @param summary one line for {@code vigil generate --list}
 * @param defaultDuration simulated time of a run unless overridden
 * @param faults the labelled faults, each with the windows it is in effect; empty for none
 * @param notes a paragraph for {@code DATASET.md}, or {@code ""}
 */
public record IncidentScenario(
        String name, String summary, Duration defaultDuration, List<Fault> faults, String notes) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    /**
     * When a fault is in effect, as offsets from the run's start.
     *
     * @param from first instant (inclusive)
     * @param to end (exclusive), after {@code from}
     */
    public record Window(Duration from, Duration to) {
        public Window {
            Fields.requireNonNull("from to", from, to);
            if (from.isNegative() || to.compareTo(from) <= 0) {
                throw new IllegalArgumentException(
                        "window " + from + " to " + to + ": need 0 <= from < to");
            }
        }

        /** The window from {@code fromMinutes} after the start, {@code minutes} long. */
        public static Window minutes(double fromMinutes, double minutes) {
            return new Window(ofMinutes(fromMinutes), ofMinutes(fromMinutes + minutes));
        }

        private static Duration ofMinutes(double minutes) {
            return Duration.ofMillis(Math.round(minutes * 60_000));
        }
    }

    /**
     * One labelled fault: one line of {@code faults.jsonl}, injected as one {@link Incident} per
     * window (a flapping fault has several).
     *
     * @param service the root cause
     * @param kind the effect injected ({@link IncidentKind})
     * @param label the {@code kind} written to {@code faults.jsonl}, e.g. {@code deploy}
     * @param description what happened, one sentence
     * @param shows what the telemetry shows, one or two sentences
     * @param windows when it is in effect, in order, not overlapping
     */
    public record Fault(
            String service,
            IncidentKind kind,
            String label,
            String description,
            String shows,
            List<Window> windows) {
        public Fault {
            Fields.requireNonNull("service kind", service, kind);
            Fields.requireNonNull("label description shows", label, description, shows);
            windows = List.copyOf(windows);
            if (windows.isEmpty()) {
                throw new IllegalArgumentException("fault on " + service + " has no window");
            }
            for (int i = 1; i < windows.size(); i++) {
                if (windows.get(i).from().compareTo(windows.get(i - 1).to()) < 0) {
                    throw new IllegalArgumentException(
                            "fault on " + service + ": windows overlap or are out of order");
                }
            }
        }

        /** From the start of the first window to the end of the last. */
        public Window span() {
            return new Window(windows.get(0).from(), windows.get(windows.size() - 1).to());
        }
    }

    /**
     * A fault placed in a run: what {@code faults.jsonl} and {@code DATASET.md} say about it.
     *
     * @param id {@code f-001}, {@code f-002}, … in scenario order
     * @param start start of the first window
     * @param end end of the last window
     * @param incidents the injected effects, one per window
     */
    public record Placed(
            String id, Fault fault, Instant start, Instant end, List<Incident> incidents) {}

    public IncidentScenario {
        Fields.requireNonNull("name summary", name, summary);
        Fields.requireNonNull("defaultDuration notes", defaultDuration, notes);
        faults = List.copyOf(faults);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "scenario name '" + name + "': use lower case letters, digits and dashes");
        }
        for (Fault fault : faults) {
            if (fault.span().to().compareTo(defaultDuration) > 0) {
                throw new IllegalArgumentException(
                        "scenario "
                                + name
                                + ": a fault on "
                                + fault.service()
                                + " ends after "
                                + defaultDuration);
            }
            if (!TelemetryGenerator.SERVICES.contains(fault.service())) {
                throw new IllegalArgumentException(
                        "scenario " + name + ": unknown service '" + fault.service() + "'");
            }
        }
    }

    /**
     * The faults of a run from {@code start} lasting {@code duration}, with their windows scaled to
     * it.
     */
    public List<Placed> place(Instant start, Duration duration) {
        List<Placed> placed = new ArrayList<>();
        for (int i = 0; i < faults.size(); i++) {
            Fault fault = faults.get(i);
            List<Incident> incidents = new ArrayList<>();
            for (Window window : fault.windows()) {
                incidents.add(
                        new Incident(
                                fault.service(),
                                fault.kind(),
                                at(start, window.from(), duration),
                                at(start, window.to(), duration),
                                fault.description()));
            }
            placed.add(
                    new Placed(
                            String.format(java.util.Locale.ROOT, "f-%03d", i + 1),
                            fault,
                            incidents.get(0).start(),
                            incidents.get(incidents.size() - 1).end(),
                            List.copyOf(incidents)));
        }
        return List.copyOf(placed);
    }

    /** Every injected incident of a run, in scenario order. */
    public List<Incident> incidents(Instant start, Duration duration) {
        List<Incident> incidents = new ArrayList<>();
        for (Placed placed : place(start, duration)) {
            incidents.addAll(placed.incidents());
        }
        return List.copyOf(incidents);
    }

    /** {@code offset} scaled from the default duration to {@code duration}, in milliseconds. */
    private Instant at(Instant start, Duration offset, Duration duration) {
        long scaled =
                Math.multiplyExact(offset.toMillis(), duration.toMillis())
                        / defaultDuration.toMillis();
        return start.plusMillis(scaled);
    }
}
