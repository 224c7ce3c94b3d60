package io.vigil.udfs.rules;

import java.util.List;

/** A rule file Vigil refuses, with every problem found, each with its line and column. */
public final class RuleFileException extends IllegalArgumentException {
    private final List<Problem> problems;

    public RuleFileException(List<Problem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    /**
     * One problem: {@code source:line:column: message} (line and column 1-based; 0 when the problem
     * concerns the whole file).
     */
    public record Problem(String source, int line, int column, String message) {
        @Override
        public String toString() {
            return line > 0
                    ? source + ":" + line + ":" + column + ": " + message
                    : source + ": " + message;
        }
    }

    /** The problems, in file order. */
    public List<Problem> problems() {
        return problems;
    }

    private static String message(List<Problem> problems) {
        StringBuilder b = new StringBuilder();
        for (Problem p : problems) {
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(p);
        }
        return b.toString();
    }
}
