package io.vigil.bench.architecture;

import io.vigil.udfs.testing.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** House rules for the bench module (it may depend on every other module, so no layering rule). */
class ArchitectureTest {

    @Test
    void noJUnit4() {
        ArchitectureRules.NO_JUNIT_4.check(ArchitectureRules.testClasses("io.vigil.bench"));
    }
}
