package io.vigil.udfs.deploys;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.udfs.alerts.AlertEvent;
import io.vigil.udfs.alerts.AlertSource;
import io.vigil.udfs.alerts.Severity;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionsTest {
    private final Versions versions = new Versions();

    @Test
    void theFirstVersionIsNoDeployAndNeitherIsItsRepeat() {
        assertThat(versions.observe("checkout", "2.4.0", "a", 0)).isEmpty();
        assertThat(versions.observe("checkout", "2.4.0", "a", 10_000)).isEmpty();
    }

    @Test
    void aNewVersionIsOneDeployEvenWhileOldInstancesStillReport() {
        versions.observe("checkout", "2.4.0", "a", 0);
        Optional<AlertEvent> deploy = versions.observe("checkout", "2.5.0", "b", 60_000);
        // a rolling deploy: the old instance and the new one report side by side
        assertThat(versions.observe("checkout", "2.4.0", "a", 70_000)).isEmpty();
        assertThat(versions.observe("checkout", "2.5.0", "b", 80_000)).isEmpty();

        AlertEvent alert = deploy.orElseThrow();
        assertThat(alert.source()).isEqualTo(AlertSource.DEPLOY);
        assertThat(alert.severity()).isEqualTo(Severity.INFO);
        assertThat(alert.startsAt().toEpochMilli()).isEqualTo(60_000);
        assertThat(alert.labels())
                .containsEntry("alertname", "ServiceDeployed")
                .containsEntry("service", "checkout")
                .containsEntry("version", "2.5.0");
        assertThat(alert.annotations().get("summary"))
                .isEqualTo("checkout 2.5.0 deployed (was 2.4.0)");
    }

    @Test
    void aRollbackToAKnownVersionIsNoNewDeploy() {
        versions.observe("checkout", "2.4.0", "a", 0);
        versions.observe("checkout", "2.5.0", "b", 60_000);
        assertThat(versions.observe("checkout", "2.4.0", "c", 600_000)).isEmpty();
    }

    @Test
    void aBlankVersionIsIgnoredAndMemoryIsBounded() {
        assertThat(versions.observe("checkout", "", "a", 0)).isEmpty();
        assertThat(versions.seen()).isEmpty();
        for (int i = 0; i < 40; i++) {
            versions.observe("checkout", "1." + i, "a", i);
        }
        assertThat(versions.seen()).hasSize(Versions.MAX_VERSIONS).containsKey("1.39");
    }
}
