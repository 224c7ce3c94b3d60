package io.vigil.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guards the local module's place in DESIGN.md's layout: it may depend on jobs, never on bench. */
class ArchitectureTest {
    private static JavaClasses local;
    private static JavaClasses localTests;

    @BeforeAll
    static void importClasses() {
        local = ArchitectureRules.productionClasses("io.vigil.local");
        localTests = ArchitectureRules.testClasses("io.vigil.local");
    }

    @Test
    void localNeverDependsOnTheBenchmarks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.bench..")
                .check(local);
    }

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(localTests);
    }
}
