package io.vigil.udfs.testing;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

/**
 * ArchUnit rules that more than one module checks, and the class imports they run on, kept here
 * once (the udfs test-jar) so every module's {@code architecture.ArchitectureTest} states the same
 * rule in the same words.
 */
public final class ArchitectureRules {

    /**
     * Flink stays at the edge: a class that uses {@code org.apache.flink..} lives in a package
     * named {@code flink} (e.g. {@code io.vigil.udfs.anomaly.flink} beside the plain-Java {@code
     * io.vigil.udfs.anomaly}). Holds vacuously for a module with no classes yet.
     */
    public static final ArchRule ONLY_FLINK_PACKAGES_DEPEND_ON_FLINK =
            noClasses()
                    .that()
                    .resideOutsideOfPackage("..flink..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .as("only classes in ..flink.. packages depend on org.apache.flink..")
                    .allowEmptyShould(true);

    /** Apply to test classes: JUnit 5 only. */
    public static final ArchRule NO_JUNIT_4 =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.junit")
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage("junit..")
                    .as("tests use JUnit 5 (org.junit.jupiter), never JUnit 4");

    private ArchitectureRules() {}

    /** The module's own production classes in {@code packageName} and below (no jars, no tests). */
    public static JavaClasses productionClasses(String packageName) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                .importPackages(packageName);
    }

    /** The test classes in {@code packageName} and below. */
    public static JavaClasses testClasses(String packageName) {
        return new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                .importPackages(packageName);
    }
}
