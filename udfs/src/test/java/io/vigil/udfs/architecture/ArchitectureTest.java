package io.vigil.udfs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vigil.udfs.testing.ArchitectureRules;

/**
 * The layering of the production code: plain-Java cores, thin Flink wrappers in each feature's
 * {@code flink} package.
 */
@AnalyzeClasses(packages = "io.vigil.udfs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule onlyFlinkPackagesDependOnFlink =
            ArchitectureRules.ONLY_FLINK_PACKAGES_DEPEND_ON_FLINK;

    @ArchTest
    static final ArchRule udfsDependsOnNoOtherModule =
            noClasses()
                    .should()
                    .dependOnClassesThat()
                    .resideInAnyPackage(
                            "io.vigil.jobs..",
                            "io.vigil.local..",
                            "io.vigil.cep..",
                            "io.vigil.bench..")
                    .as("udfs is the bottom layer: nothing in it depends on the other modules");

    @ArchTest
    static final ArchRule productionCodeDoesNotUseTestFixtures =
            noClasses().should().dependOnClassesThat().resideInAPackage("io.vigil.udfs.testing..");
}
