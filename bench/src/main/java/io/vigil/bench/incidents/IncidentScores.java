package io.vigil.bench.incidents;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The contract's scores of a run ({@code contracts/incident-datasets/README.md}, "Scoring", and its
 * reference scorer {@code score.py}): a fault's incident is the earliest-opened incident with
 * {@code openedAt} in [start − 60 s, end + 5 min]; detected, MTTD median and p90 (linear
 * interpolation between order statistics), AS@1/3/5 (a fault without incident is a miss), false
 * incidents (opened in no fault's window) per day of telemetry, compression (alert events ÷
 * incidents).
 *
 * @param perFault every fault with its incident and rank
 * @param incidents how many incidents the run opened
 * @param falseIncidents how many of them opened in no fault's window
 * @param alerts alert events over all incidents
 * @param days the telemetry's span in days, empty when unknown
 */
public record IncidentScores(
        List<FaultOutcome> perFault,
        int incidents,
        int falseIncidents,
        long alerts,
        Optional<Double> days) {

    static final Duration BEFORE = Duration.ofSeconds(60);
    static final Duration AFTER_END = Duration.ofMinutes(5);

    /** The ks of AS@k. */
    public static final int[] KS = {1, 3, 5};

    /**
     * One fault's outcome.
     *
     * @param incident the id of its incident, empty when missed
     * @param ttdSeconds {@code openedAt − start}, empty when missed
     * @param rank where its service stands in the incident's root causes (1 = first), 0 when absent
     */
    public record FaultOutcome(
            IncidentDataset.Fault fault,
            Optional<String> incident,
            Optional<Double> ttdSeconds,
            int rank) {}

    /** Scores a run's incidents against the faults; {@code span} bounds the telemetry. */
    public static IncidentScores score(
            List<IncidentDataset.Fault> faults,
            List<RunIncident> incidents,
            Optional<Instant[]> span) {
        List<RunIncident> byOpening = new ArrayList<>(incidents);
        byOpening.sort(Comparator.comparing(RunIncident::openedAt)); // stable, like Python's sort
        List<FaultOutcome> outcomes = new ArrayList<>();
        for (IncidentDataset.Fault f : faults) {
            Optional<RunIncident> inc = byOpening.stream().filter(i -> inWindow(i, f)).findFirst();
            outcomes.add(
                    new FaultOutcome(
                            f,
                            inc.map(RunIncident::id),
                            inc.map(i -> seconds(Duration.between(f.start(), i.openedAt()))),
                            inc.map(i -> i.ranked().indexOf(f.service()) + 1).orElse(0)));
        }
        int falseIncidents =
                (int)
                        byOpening.stream()
                                .filter(i -> faults.stream().noneMatch(f -> inWindow(i, f)))
                                .count();
        Optional<Double> days =
                span.filter(s -> s[1].isAfter(s[0]))
                        .map(s -> seconds(Duration.between(s[0], s[1])) / 86_400.0);
        long alerts = incidents.stream().mapToLong(RunIncident::alerts).sum();
        return new IncidentScores(outcomes, incidents.size(), falseIncidents, alerts, days);
    }

    private static boolean inWindow(RunIncident i, IncidentDataset.Fault f) {
        return !i.openedAt().isBefore(f.start().minus(BEFORE))
                && !i.openedAt().isAfter(f.end().plus(AFTER_END));
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    public int faults() {
        return perFault.size();
    }

    public int detected() {
        return (int) perFault.stream().filter(o -> o.incident().isPresent()).count();
    }

    /** Share of faults whose service is among their incident's first k root causes. */
    public Optional<Double> accuracyAt(int k) {
        if (perFault.isEmpty()) {
            return Optional.empty();
        }
        long hits = perFault.stream().filter(o -> o.rank() >= 1 && o.rank() <= k).count();
        return Optional.of((double) hits / perFault.size());
    }

    /** The q-quantile of the times to detect (numpy's default linear interpolation). */
    public Optional<Double> mttdQuantile(double q) {
        List<Double> xs = perFault.stream().flatMap(o -> o.ttdSeconds().stream()).sorted().toList();
        return quantile(xs, q);
    }

    static Optional<Double> quantile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return Optional.empty();
        }
        double pos = (sorted.size() - 1) * q;
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.size() - 1);
        return Optional.of(sorted.get(i) + (sorted.get(j) - sorted.get(i)) * (pos - i));
    }

    public Optional<Double> falsePerDay() {
        return days.filter(d -> d > 0).map(d -> falseIncidents / d);
    }

    public Optional<Double> compression() {
        return incidents == 0 ? Optional.empty() : Optional.of((double) alerts / incidents);
    }

    /** Pools several datasets' outcomes: faults, incidents, alerts and days add up. */
    public static IncidentScores pooled(List<IncidentScores> runs) {
        List<FaultOutcome> all = new ArrayList<>();
        int incidents = 0;
        int falseIncidents = 0;
        long alerts = 0;
        double days = 0;
        boolean anyDays = false;
        for (IncidentScores r : runs) {
            all.addAll(r.perFault());
            incidents += r.incidents();
            falseIncidents += r.falseIncidents();
            alerts += r.alerts();
            if (r.days().isPresent()) {
                days += r.days().get();
                anyDays = true;
            }
        }
        return new IncidentScores(
                all,
                incidents,
                falseIncidents,
                alerts,
                anyDays ? Optional.of(days) : Optional.empty());
    }

    /** The report, line for line as {@code score.py} prints it (without the span's bounds). */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(
                String.format(
                        Locale.ROOT,
                        "detected     %d/%d%s%n",
                        detected(),
                        faults(),
                        faults() == 0
                                ? ""
                                : String.format(
                                        Locale.ROOT, " (%.1f %%)", 100.0 * detected() / faults())));
        b.append(
                String.format(
                        Locale.ROOT,
                        "MTTD         median %s s, p90 %s s%n",
                        fmt(mttdQuantile(0.5), "%.1f"),
                        fmt(mttdQuantile(0.9), "%.1f")));
        List<String> as = new ArrayList<>();
        for (int k : KS) {
            as.add(fmt(accuracyAt(k).map(v -> 100 * v), "%.1f") + " %");
        }
        b.append("AS@1/3/5     ").append(String.join(" / ", as)).append(System.lineSeparator());
        b.append(
                String.format(
                        Locale.ROOT,
                        "false        %d of %d incidents, %s per day (%s days of data)%n",
                        falseIncidents,
                        incidents,
                        fmt(falsePerDay(), "%.2f"),
                        fmt(days, "%.3f")));
        b.append(
                String.format(
                        Locale.ROOT,
                        "compression  %s alerts per incident (%d alerts)%n",
                        fmt(compression(), "%.2f"),
                        alerts));
        return b.toString();
    }

    private static String fmt(Optional<Double> v, String spec) {
        return v.map(x -> String.format(Locale.ROOT, spec, x)).orElse("-");
    }
}
