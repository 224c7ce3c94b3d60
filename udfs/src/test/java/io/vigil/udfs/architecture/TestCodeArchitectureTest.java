package io.vigil.udfs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Rules for the tests themselves. */
@AnalyzeClasses(packages = "io.vigil.udfs", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest
    static final ArchRule noJUnit4 =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.junit")
                    .orShould()
                    .dependOnClassesThat()
                    .resideInAPackage("junit..")
                    .as("tests use JUnit 5 (org.junit.jupiter), never JUnit 4");
}
