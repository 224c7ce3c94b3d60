package io.vigil.udfs.architecture;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.vigil.udfs.testing.ArchitectureRules;

/** Rules for the tests themselves. */
@AnalyzeClasses(packages = "io.vigil.udfs", importOptions = ImportOption.OnlyIncludeTests.class)
class TestCodeArchitectureTest {

    @ArchTest static final ArchRule noJUnit4 = ArchitectureRules.NO_JUNIT_4;
}
