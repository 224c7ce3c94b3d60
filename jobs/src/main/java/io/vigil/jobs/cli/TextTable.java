package io.vigil.jobs.cli;

import java.util.List;

/** Plain-text tables for the CLI's reports: columns padded to their widest cell. */
final class TextTable {
    private TextTable() {}

    /**
     * {@code rows} (the header first) as lines of columns two spaces apart, column {@code c}
     * right-aligned where {@code right[c]}, trailing blanks stripped.
     */
    static String format(List<List<String>> rows, boolean[] right) {
        int[] width = new int[right.length];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size(); c++) {
                if (c > 0) {
                    line.append("  ");
                }
                String v = row.get(c);
                String pad = " ".repeat(width[c] - v.length());
                line.append(right[c] ? pad + v : v + pad);
            }
            b.append(line.toString().stripTrailing()).append(System.lineSeparator());
        }
        return b.toString();
    }
}
