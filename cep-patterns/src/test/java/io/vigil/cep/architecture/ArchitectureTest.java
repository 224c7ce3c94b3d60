package io.vigil.cep.architecture;

import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/**
 * Guards the cep-patterns module's layering as udfs does: plain-Java pattern and rule-file cores,
 * Flink CEP only in {@code flink} packages. The module has no classes yet; the rules hold vacuously
 * until it has.
 */
class ArchitectureTest {
    private static final String PACKAGE = "io.vigil.cep";

    @Test
    void onlyFlinkPackagesDependOnFlink() {
        ArchitectureRules.ONLY_FLINK_PACKAGES_DEPEND_ON_FLINK.check(
                ArchitectureRules.productionClasses(PACKAGE));
    }

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(ArchitectureRules.testClasses(PACKAGE));
    }
}
