package io.vigil.bench.nab;

import java.nio.file.Path;

/**
 * Input in NAB layout that cannot be used as it is: a malformed data row, a window that hits no
 * row, a file without windows, a results file that does not line up with its data file. The message
 * names the file, the line (1-based, when there is one) and the problem, e.g. {@code
 * data/realTraffic/speed_t4013.csv:17: value 'abc' is not a number}.
 */
public final class NabFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final Path file;
    private final int line;

    /**
     * @param file the offending file
     * @param line its 1-based line number, or 0 when the problem is not on one line
     * @param problem what is wrong, phrased so the reader knows what to fix
     */
    public NabFormatException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }

    /** The 1-based line number, or 0 when the problem is not on one line. */
    public int line() {
        return line;
    }
}
