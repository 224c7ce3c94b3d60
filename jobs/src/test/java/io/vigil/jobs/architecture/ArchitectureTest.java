package io.vigil.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the jobs module's place in DESIGN.md's layout and the house rules of STYLE.md. The udfs
 * rules (no Flink in algorithm cores, no dependency on other modules) live in udfs. There is no
 * "io.vigil.jobs.config is Flink-free" rule: ConfigNode parses durations with Flink's TimeUtils.
 */
class ArchitectureTest {
    private static JavaClasses jobs;
    private static JavaClasses jobsTests;

    @BeforeAll
    static void importClasses() {
        jobs = ArchitectureRules.productionClasses("io.vigil.jobs");
        jobsTests = ArchitectureRules.testClasses("io.vigil.jobs");
    }

    @Test
    void deployableJarNeverNeedsTheLocalStack() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.vigil.local..", "io.vigil.bench..")
                .check(jobs);
    }

    @Test
    void noDeprecatedFlinkSourceOrSinkFunctions() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.flink.streaming.api.functions.source..",
                        "org.apache.flink.streaming.api.functions.sink..")
                .check(jobs);
    }

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(jobsTests);
    }
}
