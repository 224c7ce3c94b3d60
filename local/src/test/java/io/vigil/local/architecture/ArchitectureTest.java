package io.vigil.local.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** Guards the local module's place in DESIGN.md's layout: it may depend on jobs, never on bench. */
class ArchitectureTest {
    private static final String PACKAGE = "io.vigil.local";

    @Test
    void localNeverDependsOnTheBenchmarks() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.vigil.bench..")
                .check(ArchitectureRules.productionClasses(PACKAGE));
    }

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(ArchitectureRules.testClasses(PACKAGE));
    }
}
