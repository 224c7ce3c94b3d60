package io.vigil.cep.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
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
        cep =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
                        .importPackages("io.vigil.cep");
        cepTests =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                        .importPackages("io.vigil.cep");
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
