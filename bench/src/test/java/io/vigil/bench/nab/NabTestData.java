package io.vigil.bench.nab;

import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the shared copy of NAB ({@code shared/data/nab}, beside the repository): the {@code
 * vigil.shared.dir} system property that surefire sets, else the first {@code shared/data/nab}
 * found walking up from the working directory. When it is absent a test fails on CI ({@code
 * CI=true}) and is skipped elsewhere, naming the places tried.
 */
final class NabTestData {
    private NabTestData() {}

    /** The NAB directory holding {@code data/}, {@code labels/} and {@code results/}. */
    static Path nabDir() {
        List<Path> tried = new ArrayList<>();
        String configured = System.getProperty("vigil.shared.dir");
        if (configured != null && !configured.isBlank()) {
            Path candidate = Path.of(configured, "data", "nab").toAbsolutePath().normalize();
            tried.add(candidate);
            if (isNab(candidate)) {
                return candidate;
            }
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
                dir != null;
                dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data").resolve("nab");
            tried.add(candidate);
            if (isNab(candidate)) {
                return candidate;
            }
        }
        String message =
                "the shared NAB corpus (shared/data/nab with data/, labels/combined_windows.json"
                        + " and results/) is not here; tried "
                        + tried
                        + "; set -Dvigil.shared.dir=/path/to/shared";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static boolean isNab(Path dir) {
        return Files.isDirectory(dir.resolve("data"))
                && Files.isRegularFile(dir.resolve("labels").resolve("combined_windows.json"))
                && Files.isDirectory(dir.resolve("results"));
    }
}
