package io.vigil.local;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * A real part's binary a test needs: in CI its absence fails the test (CI must install it), on a
 * developer's machine it skips the test with the install hint.
 */
public final class RequiredBinary {
    private RequiredBinary() {}

    /**
     * The binary found, else a failure (CI) or an aborted test (elsewhere).
     *
     * @param what the part, e.g. "Alertmanager"
     * @param installHint how to install it
     */
    public static Path require(Optional<Path> found, String what, String installHint) {
        if (found.isEmpty()) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail("CI must provide " + what + ". " + installHint);
            }
            Assumptions.abort(installHint);
        }
        return found.get();
    }
}
