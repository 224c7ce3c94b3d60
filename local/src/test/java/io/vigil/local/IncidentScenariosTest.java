package io.vigil.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario catalogue: names, timelines long enough for detectors, scaling. */
class IncidentScenariosTest {

    private static final Instant START = Instant.parse("2025-03-03T08:00:00Z");

    @Test
    void theRequiredScenariosAreThere() {
        assertThat(IncidentScenarios.all())
                .extracting(IncidentScenario::name)
                .contains(
                        "cpu-saturation",
                        "memory-leak",
                        "latency-regression",
                        "error-burst",
                        "bad-deploy",
                        "disk-filling",
                        "network-delay",
                        "dependency-down",
                        "cascade",
                        "two-faults",
                        "flapping",
                        "quiet",
                        "disk-exhaustion",
                        "memory-exhaustion")
                .doesNotHaveDuplicates()
                .allMatch(name -> name.matches("[a-z]+(-[a-z]+)*"));
    }

    /** The exhaustion scenarios' faults last hours ({@link ExhaustionScenariosTest}). */
    @Test
    void everyTimelineHasAQuietLeadInFaultsOfThreeToSixMinutesAndATail() {
        for (IncidentScenario scenario : IncidentScenarios.incidents()) {
            if (scenario.faults().isEmpty()) {
                continue;
            }
            List<IncidentScenario.Placed> placed =
                    scenario.place(START, scenario.defaultDuration());
            assertThat(Duration.between(START, placed.get(0).start()))
                    .as("lead-in of %s", scenario.name())
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(30));
            for (IncidentScenario.Placed fault : placed) {
                assertThat(Duration.between(fault.start(), fault.end()))
                        .as("length of %s %s", scenario.name(), fault.id())
                        .isBetween(Duration.ofMinutes(3), Duration.ofMinutes(6));
            }
            Instant lastEnd =
                    placed.stream().map(IncidentScenario.Placed::end).max(Instant::compareTo).get();
            assertThat(Duration.between(lastEnd, START.plus(scenario.defaultDuration())))
                    .as("tail of %s", scenario.name())
                    .isGreaterThanOrEqualTo(Duration.ofMinutes(10));
        }
    }

    @Test
    void quietHasNoFaultForThreeHours() {
        IncidentScenario quiet = IncidentScenarios.named("quiet");
        assertThat(quiet.faults()).isEmpty();
        assertThat(quiet.defaultDuration()).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void flappingTurnsOnAndOffEveryOneToTwoMinutesAsOneLabelledFault() {
        IncidentScenario.Placed flapping =
                IncidentScenarios.named("flapping").place(START, IncidentScenarios.HOUR).get(0);
        List<Incident> windows = flapping.incidents();
        assertThat(windows).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < windows.size(); i++) {
            assertThat(Duration.between(windows.get(i - 1).start(), windows.get(i).start()))
                    .isBetween(Duration.ofMinutes(1), Duration.ofMinutes(2));
        }
        assertThat(flapping.start()).isEqualTo(windows.get(0).start());
        assertThat(flapping.end()).isEqualTo(windows.get(windows.size() - 1).end());
    }

    @Test
    void twoFaultsOverlapOnServicesThatShareNoCall() {
        List<IncidentScenario.Placed> two =
                IncidentScenarios.named("two-faults").place(START, IncidentScenarios.HOUR);
        assertThat(two).hasSize(2);
        assertThat(two.get(0).fault().service()).isNotEqualTo(two.get(1).fault().service());
        assertThat(two.get(0).fault().label()).isNotEqualTo(two.get(1).fault().label());
        assertThat(two.get(0).start()).isBefore(two.get(1).end());
        assertThat(two.get(1).start()).isBefore(two.get(0).end());
    }

    @Test
    void anotherDurationScalesTheTimeline() {
        IncidentScenario cascade = IncidentScenarios.named("cascade");
        IncidentScenario.Placed full = cascade.place(START, Duration.ofMinutes(60)).get(0);
        IncidentScenario.Placed short6 = cascade.place(START, Duration.ofMinutes(6)).get(0);

        assertThat(full.start()).isEqualTo(START.plus(Duration.ofMinutes(40)));
        assertThat(full.end()).isEqualTo(START.plus(Duration.ofMinutes(45)));
        assertThat(short6.start()).isEqualTo(START.plus(Duration.ofMinutes(4)));
        assertThat(short6.end()).isEqualTo(START.plus(Duration.ofSeconds(270)));
        assertThat(cascade.incidents(START, Duration.ofMinutes(6)))
                .singleElement()
                .satisfies(
                        i -> {
                            assertThat(i.service()).isEqualTo("database");
                            assertThat(i.kind()).isEqualTo(IncidentKind.CPU_SATURATION);
                        });
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        assertThatThrownBy(() -> IncidentScenarios.named("meteor-strike"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown scenario 'meteor-strike'")
                .hasMessageContaining("cpu-saturation");
    }

    @Test
    void scenariosAreValidated() {
        assertThatThrownBy(
                        () ->
                                new IncidentScenario(
                                        "Bad Name", "x", Duration.ofMinutes(10), List.of(), ""))
                .hasMessageContaining("lower case");
        IncidentScenario.Fault late =
                new IncidentScenario.Fault(
                        "payment",
                        IncidentKind.ERROR_BURST,
                        "error_burst",
                        "d",
                        "s",
                        List.of(IncidentScenario.Window.minutes(9, 2)));
        assertThatThrownBy(
                        () ->
                                new IncidentScenario(
                                        "late", "x", Duration.ofMinutes(10), List.of(late), ""))
                .hasMessageContaining("ends after");
    }
}
