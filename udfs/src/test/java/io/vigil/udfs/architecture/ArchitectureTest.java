package io.vigil.udfs.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The layering of the production code: plain-Java cores, thin Flink wrappers. */
@AnalyzeClasses(packages = "io.vigil.udfs", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule coresDoNotDependOnFlink =
            noClasses()
                    .that()
                    .resideInAnyPackage(
                            "io.vigil.udfs.model..",
                            "io.vigil.udfs.otlp..",
                            "io.vigil.udfs.ecs..",
                            "io.vigil.udfs.jaeger..")
                    .should()
                    .dependOnClassesThat()
                    .resideInAPackage("org.apache.flink..")
                    .as("model, otlp and ecs are plain Java; Flink stays in io.vigil.udfs.flink");

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
