package io.vigil.cep.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the cep-patterns module's layering as udfs does: plain-Java pattern and rule-file cores,
 * Flink CEP only in {@code flink} packages. The module has no classes yet; the rules hold vacuously
 * until it has.
 */
class ArchitectureTest {
    private static JavaClasses cep;
    private static JavaClasses cepTests;

    @BeforeAll
    static void importClasses() {
        cep = ArchitectureRules.productionClasses("io.vigil.cep");
        cepTests = ArchitectureRules.testClasses("io.vigil.cep");
    }

    @Test
    void onlyFlinkPackagesDependOnFlink() {
        ArchitectureRules.ONLY_FLINK_PACKAGES_DEPEND_ON_FLINK.check(cep);
    }

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(cepTests);
    }
}
