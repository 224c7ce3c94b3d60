package io.vigil.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Scores incidents against labelled faults by the rules of {@code
 * ../shared/contracts/incident-datasets/README.md}: a fault's incident is the earliest-opened
 * incident with {@code openedAt} in [{@code start} − 60 s, {@code end} + 5 min]; it is detected
 * when it has one, its time to detect is {@code openedAt − start}, and its root cause's rank is
 * where the fault's service stands in the incident's ranked root causes. Incidents opened in no
 * fault's window are false incidents.
 */
public final class IncidentScoring {
    static final Duration BEFORE = Duration.ofSeconds(60);
    static final Duration AFTER = Duration.ofMinutes(5);

    private IncidentScoring() {}

    /** A labelled fault: its service and when it was injected. */
    public record Fault(String service, Instant start, Instant end) {}

    /** An incident as written: when it opened and its ranked root-cause services. */
    public record Opened(String id, Instant openedAt, List<String> rootCauses, String why) {}

    /**
     * One fault's outcome.
     *
     * @param incident its incident, if detected
     * @param rank where the fault's service stands among the root causes (1 = first), 0 if absent
     */
    public record Outcome(Fault fault, Optional<Opened> incident, int rank) {
        public Optional<Duration> timeToDetect() {
            return incident.map(i -> Duration.between(fault.start(), i.openedAt()));
        }
    }

    /** Every fault's outcome, and the incidents that match no fault. */
    public record Report(List<Outcome> outcomes, List<Opened> falseIncidents) {
        public long detected() {
            return outcomes.stream().filter(o -> o.incident().isPresent()).count();
        }

        /** Faults whose service is among the first k root causes of their incident. */
        public long within(int k) {
            return outcomes.stream().filter(o -> o.rank() >= 1 && o.rank() <= k).count();
        }
    }

    public static Report score(List<Fault> faults, List<Opened> incidents) {
        List<Opened> byOpening = new ArrayList<>(incidents);
        byOpening.sort(Comparator.comparing(Opened::openedAt).thenComparing(Opened::id));
        List<Outcome> outcomes = new ArrayList<>();
        for (Fault fault : faults) {
            Optional<Opened> incident =
                    byOpening.stream().filter(i -> inWindow(i, fault)).findFirst();
            int rank = incident.map(i -> i.rootCauses().indexOf(fault.service()) + 1).orElse(0);
            outcomes.add(new Outcome(fault, incident, rank));
        }
        Set<String> matched = new HashSet<>();
        List<Opened> falseIncidents = new ArrayList<>();
        for (Opened i : byOpening) {
            if (faults.stream().noneMatch(f -> inWindow(i, f)) && matched.add(i.id())) {
                falseIncidents.add(i);
            }
        }
        return new Report(outcomes, falseIncidents);
    }

    private static boolean inWindow(Opened incident, Fault fault) {
        return !incident.openedAt().isBefore(fault.start().minus(BEFORE))
                && !incident.openedAt().isAfter(fault.end().plus(AFTER));
    }
}
