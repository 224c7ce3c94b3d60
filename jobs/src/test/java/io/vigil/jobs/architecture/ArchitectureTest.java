package io.vigil.jobs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Guards the jobs module's place in DESIGN.md's layout and the house rules of STYLE.md. The udfs
 * rules (no Flink in algorithm cores, no dependency on other modules) live in udfs.
 */
class ArchitectureTest {
    private static JavaClasses jobs;
    private static JavaClasses jobsTests;

    @BeforeAll
    static void importClasses() {
        jobs =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("io.vigil.jobs");
        jobsTests =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                        .importPackages("io.vigil.jobs");
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
