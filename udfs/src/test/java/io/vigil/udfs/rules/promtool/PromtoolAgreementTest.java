package io.vigil.udfs.rules.promtool;

import io.vigil.udfs.testing.PromtoolOracle;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Prometheus is the oracle: every case under {@code src/test/resources/promtool/} is a rule file
 * and a promtool unit-test file. For each case, {@code promtool test rules} must pass (the case is
 * right about Prometheus), Vigil's runner must pass the same file, and — the strong check — Vigil's
 * firing alerts after <em>every</em> evaluation, written out as a promtool test with an {@code
 * alert_rule_test} per step and alert, must pass {@code promtool test rules} too: the two timelines
 * are equal at every step, labels and annotations included.
 *
 * <p>Needs {@code promtool} on the PATH (Debian's {@code prometheus} package; {@code .ci/run}
 * installs it). Without it the test fails and says so, rather than passing unchecked.
 */
class PromtoolAgreementTest {
    @TempDir Path tmp;

    static Stream<Path> cases() throws IOException, URISyntaxException {
        Path root = Path.of(PromtoolAgreementTest.class.getResource("/promtool").toURI());
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs
                    .filter(d -> Files.isRegularFile(d.resolve("test.yml")))
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void vigilAndPrometheusAgreeAtEveryEvaluation(Path caseDir) throws Exception {
        PromtoolOracle.assertAgrees(caseDir.resolve("test.yml"), tmp);
    }
}
