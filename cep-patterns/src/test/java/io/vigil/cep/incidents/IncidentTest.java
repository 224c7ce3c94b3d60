package io.vigil.cep.incidents;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.Severity;
import org.junit.jupiter.api.Test;

class IncidentTest {

    @Test
    void anIncidentNeverEndsBeforeItStarted() {
        // resolved at an event time before its trouble began: a merge at a topology window's
        // start, or sources whose clocks disagree. Alertmanager refuses endsAt < startsAt.
        Incident incident = new Incident("inc-1", 100_000);
        incident.put(
                new Member(
                        "fp",
                        "payment",
                        AlertKind.LATENCY,
                        "Anomaly",
                        "slow",
                        Severity.WARNING,
                        100_000,
                        -1,
                        1,
                        "",
                        -1,
                        false),
                100_000,
                "payment slow");
        incident.resolve(40_000, "merged");

        assertThat(incident.resolvedAtMillis()).isEqualTo(incident.startedAtMillis());
        assertThat(incident.startedAtMillis()).isEqualTo(100_000);
    }
}
