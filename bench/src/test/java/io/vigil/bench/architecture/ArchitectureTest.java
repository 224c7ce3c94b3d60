package io.vigil.bench.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** House rules for the bench module (it may depend on every other module, so no layering rule). */
class ArchitectureTest {

    @Test
    void noJUnit4() {
        JavaClasses benchTests =
                new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
                        .importPackages("io.vigil.bench");
        ArchitectureRules.NO_JUNIT_4.check(benchTests);
    }
}
