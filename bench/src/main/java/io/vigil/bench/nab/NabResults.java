package io.vigil.bench.nab;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * NAB's results layout: {@code RESULTS/<detector>/<category>/<detector>_<name>.csv}, one row per
 * data row, with at least the columns {@code timestamp} and {@code anomaly_score}. Files may be
 * gzipped ({@code .csv.gz}, as in the shared copy of NAB's shipped results).
 */
public final class NabResults {

    /** The header Vigil writes. NAB reads {@code anomaly_score} and ignores the rest. */
    public static final String HEADER = "timestamp,value,anomaly_score,label";

    private NabResults() {}

    /**
     * Where a detector's output for {@code file} lives: {@code
     * resultsDir/<detector>/<category>/<detector>_<name>}.
     */
    public static Path path(Path resultsDir, String detector, NabFile file) {
        return resultsDir
                .resolve(detector)
                .resolve(file.category())
                .resolve(detector + "_" + file.name());
    }

    /**
     * Reads a detector's {@code anomaly_score} column for every file of the corpus.
     *
     * @return per file key, one score per row, in corpus order
     * @throws NabFormatException if a file is missing, lacks the column, has a different row count
     *     or a timestamp that differs from the data file's, or a score that is not a number in [0,
     *     1]
     */
    public static Map<String, double[]> readScores(
            Path resultsDir, String detector, NabCorpus corpus) throws IOException {
        Map<String, double[]> scores = new LinkedHashMap<>();
        for (NabFile file : corpus.files()) {
            scores.put(file.key(), readScores(path(resultsDir, detector, file), file));
        }
        return scores;
    }

    /** Reads one results file ({@code path}, or {@code path.gz} if only that exists). */
    public static double[] readScores(Path path, NabFile file) throws IOException {
        Path actual = path;
        if (!Files.exists(actual)) {
            Path gz = path.resolveSibling(path.getFileName() + ".gz");
            if (!Files.exists(gz)) {
                throw new NabFormatException(
                        path,
                        0,
                        "no results file for " + file.key() + " (nor " + gz.getFileName() + ")");
            }
            actual = gz;
        }
        double[] scores = new double[file.size()];
        try (InputStream raw = Files.newInputStream(actual);
                InputStream in =
                        actual.getFileName().toString().endsWith(".gz")
                                ? new GZIPInputStream(raw, 1 << 16)
                                : raw;
                BufferedReader reader =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = reader.readLine();
            if (header == null) {
                throw new NabFormatException(actual, 1, "empty file");
            }
            String[] columns = header.strip().replace("\uFEFF", "").split(",", -1);
            int timestampColumn = indexOf(columns, "timestamp");
            int scoreColumn = indexOf(columns, "anomaly_score");
            if (timestampColumn < 0 || scoreColumn < 0) {
                throw new NabFormatException(
                        actual, 1, "header '" + header + "' lacks timestamp or anomaly_score");
            }
            int row = 0;
            int line = 1;
            for (String text; (text = reader.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                if (row >= file.size()) {
                    throw new NabFormatException(
                            actual,
                            line,
                            "more rows than the " + file.size() + " of " + file.key());
                }
                String[] fields = text.strip().split(",", -1);
                if (fields.length <= Math.max(timestampColumn, scoreColumn)) {
                    throw new NabFormatException(actual, line, "too few columns");
                }
                if (!fields[timestampColumn].equals(file.timestampText()[row])) {
                    throw new NabFormatException(
                            actual,
                            line,
                            "timestamp "
                                    + fields[timestampColumn]
                                    + " but row "
                                    + row
                                    + " of "
                                    + file.key()
                                    + " is "
                                    + file.timestampText()[row]);
                }
                double score;
                try {
                    score = Double.parseDouble(fields[scoreColumn]);
                } catch (NumberFormatException e) {
                    score = Double.NaN;
                }
                if (!(score >= 0.0 && score <= 1.0)) {
                    throw new NabFormatException(
                            actual,
                            line,
                            "anomaly_score '"
                                    + fields[scoreColumn]
                                    + "' is not a number in [0, 1]");
                }
                scores[row++] = score;
            }
            if (row != file.size()) {
                throw new NabFormatException(
                        actual, 0, row + " rows, but " + file.key() + " has " + file.size());
            }
        }
        return scores;
    }

    /**
     * Writes one detector output file in NAB's layout with {@link #HEADER}: the data row's
     * timestamp and value as in the input, the anomaly score, and the label (1 inside a window).
     *
     * @return the file written
     */
    public static Path write(Path resultsDir, String detector, NabFile file, double[] scores)
            throws IOException {
        if (scores.length != file.size()) {
            throw new IllegalArgumentException(
                    file.key() + ": " + scores.length + " scores for " + file.size() + " rows");
        }
        Path path = path(resultsDir, detector, file);
        Files.createDirectories(path.getParent());
        int[] windowOf = file.windowIndexByRow();
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            for (int i = 0; i < file.size(); i++) {
                out.write(file.timestampText()[i]);
                out.write(',');
                out.write(file.valueText()[i]);
                out.write(',');
                out.write(Double.toString(scores[i]));
                out.write(',');
                out.write(windowOf[i] >= 0 ? '1' : '0');
                out.write('\n');
            }
        }
        return path;
    }

    private static int indexOf(String[] columns, String name) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].trim().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
