package io.vigil.bench.nab;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A labelled corpus in NAB layout: {@code DIR/<category>/<name>.csv} data files with columns {@code
 * timestamp,value} (timestamps {@code YYYY-MM-DD HH:MM:SS}, UTC), and a windows file that maps
 * every {@code <category>/<name>.csv} to its anomaly windows, a list of inclusive {@code [start,
 * end]} timestamp pairs ({@code YYYY-MM-DD HH:MM:SS.ffffff}) that each hit a data row.
 *
 * <p>Nothing here is specific to NAB's 58 files: any directory in the same layout with a windows
 * file covering exactly its files loads. Input that cannot be scored fails early with a {@link
 * NabFormatException} naming the file, line and problem; nothing is skipped silently.
 *
 * <p>Files are ordered by key ({@code category/name}), so everything derived from a corpus is
 * deterministic.
 */
public final class NabCorpus {

    /** Data timestamps: {@code 2014-07-01 00:00:00}, read as UTC. */
    public static final DateTimeFormatter DATA_TIMESTAMP =
            DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
                    .withResolverStyle(ResolverStyle.STRICT);

    /** Window timestamps: {@code 2014-07-01 00:00:00.000000}; the fraction may be absent. */
    public static final DateTimeFormatter WINDOW_TIMESTAMP =
            new DateTimeFormatterBuilder()
                    .appendPattern("uuuu-MM-dd HH:mm:ss")
                    .optionalStart()
                    .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
                    .optionalEnd()
                    .toFormatter()
                    .withResolverStyle(ResolverStyle.STRICT);

    private final List<NabFile> files;
    private final Map<String, NabFile> byKey;

    private NabCorpus(List<NabFile> files) {
        List<NabFile> sorted = new ArrayList<>(files);
        sorted.sort((a, b) -> a.key().compareTo(b.key()));
        Map<String, NabFile> index = new LinkedHashMap<>();
        for (NabFile file : sorted) {
            if (index.put(file.key(), file) != null) {
                throw new IllegalArgumentException("two files with key " + file.key());
            }
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("a corpus needs at least one file");
        }
        this.files = List.copyOf(sorted);
        this.byKey = Collections.unmodifiableMap(index);
    }

    /** A corpus of files built in memory; they are ordered by key. */
    public static NabCorpus of(List<NabFile> files) {
        return new NabCorpus(files);
    }

    /**
     * Loads {@code dataDir/<category>/*.csv} (one level of category directories; other files, such
     * as a README, are ignored) and their windows.
     *
     * @throws NabFormatException on a malformed row, a window timestamp that hits no row,
     *     overlapping windows, a data file missing from the windows file, or a windows entry
     *     without its data file
     */
    public static NabCorpus load(Path dataDir, Path windowsFile) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new NabFormatException(
                    dataDir, 0, "not a directory (expected DIR/<category>/*.csv)");
        }
        Map<String, List<RawWindow>> windows = readWindows(windowsFile);
        List<Path> dataFiles = listDataFiles(dataDir);
        if (dataFiles.isEmpty()) {
            throw new NabFormatException(dataDir, 0, "no <category>/*.csv files in it");
        }
        List<NabFile> files = new ArrayList<>();
        for (Path path : dataFiles) {
            String category = path.getParent().getFileName().toString();
            String name = path.getFileName().toString();
            String key = category + "/" + name;
            List<RawWindow> raw = windows.remove(key);
            if (raw == null) {
                throw new NabFormatException(
                        windowsFile,
                        0,
                        "has no entry \""
                                + key
                                + "\" for data file "
                                + path
                                + " (a file without anomalies needs \""
                                + key
                                + "\": [])");
            }
            files.add(readDataFile(path, category, name, raw, windowsFile));
        }
        if (!windows.isEmpty()) {
            RawWindow any =
                    windows.values().stream().flatMap(List::stream).findFirst().orElse(null);
            throw new NabFormatException(
                    windowsFile,
                    any == null ? 0 : any.line(),
                    "lists " + windows.keySet() + " but " + dataDir + " has no such data file");
        }
        return new NabCorpus(files);
    }

    /**
     * Loads the data files of {@code dataDir/<category>/*.csv} without a windows file, for uses
     * that need no labels (every file gets no windows). Only categories that {@code categories}
     * accepts are read.
     *
     * @throws NabFormatException on a malformed row, or if no accepted category has a data file
     */
    public static NabCorpus loadData(Path dataDir, Predicate<String> categories)
            throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new NabFormatException(
                    dataDir, 0, "not a directory (expected DIR/<category>/*.csv)");
        }
        List<NabFile> files = new ArrayList<>();
        for (Path path : listDataFiles(dataDir)) {
            String category = path.getParent().getFileName().toString();
            if (categories.test(category)) {
                files.add(
                        readDataFile(
                                path, category, path.getFileName().toString(), List.of(), dataDir));
            }
        }
        if (files.isEmpty()) {
            throw new NabFormatException(
                    dataDir, 0, "no <category>/*.csv files in it (of the categories asked for)");
        }
        return new NabCorpus(files);
    }

    /** The category directories of {@code dataDir} (not hidden), in name order. */
    public static List<String> categories(Path dataDir) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            throw new NabFormatException(
                    dataDir, 0, "not a directory (expected DIR/<category>/*.csv)");
        }
        try (Stream<Path> entries = Files.list(dataDir)) {
            return entries.filter(p -> Files.isDirectory(p) && !hidden(p))
                    .map(p -> p.getFileName().toString())
                    .sorted()
                    .toList();
        }
    }

    /** Every file, ordered by key. */
    public List<NabFile> files() {
        return files;
    }

    /** The file with key {@code category/name}, or {@code null}. */
    public NabFile file(String key) {
        return byKey.get(key);
    }

    /** The number of files. */
    public int size() {
        return files.size();
    }

    /** The number of rows over all files. */
    public long rowCount() {
        long rows = 0;
        for (NabFile file : files) {
            rows += file.size();
        }
        return rows;
    }

    /** The number of windows over all files (116 for NAB). */
    public int windowCount() {
        int windows = 0;
        for (NabFile file : files) {
            windows += file.windows().size();
        }
        return windows;
    }

    /** The files by category, categories in name order. */
    public SortedMap<String, List<NabFile>> byCategory() {
        SortedMap<String, List<NabFile>> categories = new TreeMap<>();
        for (NabFile file : files) {
            categories.computeIfAbsent(file.category(), c -> new ArrayList<>()).add(file);
        }
        return categories;
    }

    /** Renders epoch milliseconds as a data timestamp, {@code YYYY-MM-DD HH:MM:SS} in UTC. */
    public static String formatTimestamp(long epochMillis) {
        return DATA_TIMESTAMP.format(
                LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC));
    }

    // ------------------------------------------------------------------ reading

    /** A window as written in the windows file, before it is matched to rows. */
    private record RawWindow(
            Instant start, Instant end, String startText, String endText, int line) {}

    private static List<Path> listDataFiles(Path dataDir) throws IOException {
        List<Path> result = new ArrayList<>();
        try (Stream<Path> categories = Files.list(dataDir)) {
            for (Path category : categories.sorted().toList()) {
                if (!Files.isDirectory(category) || hidden(category)) {
                    continue;
                }
                try (Stream<Path> names = Files.list(category)) {
                    names.filter(p -> Files.isRegularFile(p) && !hidden(p))
                            .filter(p -> p.getFileName().toString().endsWith(".csv"))
                            .sorted()
                            .forEach(result::add);
                }
            }
        }
        return result;
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    /**
     * Reads {@code {"<category>/<name>.csv": [["start", "end"], …], …}} with the streaming parser,
     * so that each window keeps the line it was written on for error messages.
     */
    private static Map<String, List<RawWindow>> readWindows(Path windowsFile) throws IOException {
        if (!Files.isRegularFile(windowsFile)) {
            throw new NabFormatException(windowsFile, 0, "no such windows file");
        }
        Map<String, List<RawWindow>> result = new LinkedHashMap<>();
        try (JsonParser parser = new JsonFactory().createParser(windowsFile.toFile())) {
            expect(parser, parser.nextToken(), JsonToken.START_OBJECT, windowsFile, "{");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                expect(
                        parser,
                        parser.nextToken(),
                        JsonToken.START_ARRAY,
                        windowsFile,
                        "a list of [start, end] pairs for \"" + key + "\"");
                List<RawWindow> windows = new ArrayList<>();
                while (parser.nextToken() == JsonToken.START_ARRAY) {
                    int line = line(parser);
                    String start = timestampText(parser, windowsFile, key);
                    String end = timestampText(parser, windowsFile, key);
                    expect(
                            parser,
                            parser.nextToken(),
                            JsonToken.END_ARRAY,
                            windowsFile,
                            "exactly two timestamps in a window of \"" + key + "\"");
                    windows.add(
                            new RawWindow(
                                    parseWindowTimestamp(start, windowsFile, line, key),
                                    parseWindowTimestamp(end, windowsFile, line, key),
                                    start,
                                    end,
                                    line));
                }
                expect(
                        parser,
                        parser.currentToken(),
                        JsonToken.END_ARRAY,
                        windowsFile,
                        "a [start, end] pair or ] in \"" + key + "\"");
                if (result.put(key, windows) != null) {
                    throw new NabFormatException(
                            windowsFile, line(parser), "key \"" + key + "\" appears twice");
                }
            }
            expect(parser, parser.currentToken(), JsonToken.END_OBJECT, windowsFile, "a key or }");
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new NabFormatException(
                    windowsFile, line, "not valid JSON: " + e.getOriginalMessage());
        }
        return result;
    }

    private static String timestampText(JsonParser parser, Path file, String key)
            throws IOException {
        expect(
                parser,
                parser.nextToken(),
                JsonToken.VALUE_STRING,
                file,
                "a timestamp string in a window of \"" + key + "\"");
        return parser.getText();
    }

    private static void expect(
            JsonParser parser, JsonToken actual, JsonToken expected, Path file, String what) {
        if (actual != expected) {
            throw new NabFormatException(
                    file, line(parser), "expected " + what + ", found " + describe(actual));
        }
    }

    private static String describe(JsonToken token) {
        return token == null
                ? "end of file"
                : token.asString() == null ? token.name() : token.asString();
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    private static Instant parseWindowTimestamp(String text, Path file, int line, String key) {
        try {
            return LocalDateTime.parse(text, WINDOW_TIMESTAMP).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new NabFormatException(
                    file,
                    line,
                    "window timestamp '"
                            + text
                            + "' of \""
                            + key
                            + "\" is not YYYY-MM-DD HH:MM:SS[.ffffff]");
        }
    }

    private static NabFile readDataFile(
            Path path, String category, String name, List<RawWindow> raw, Path windowsFile)
            throws IOException {
        List<String> timestamps = new ArrayList<>();
        List<String> valueTexts = new ArrayList<>();
        long[] millis = new long[1024];
        double[] values = new double[1024];
        int n = 0;
        int lineNumber = 0;
        int blankLine = 0;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String header = reader.readLine();
            lineNumber = 1;
            if (header == null) {
                throw new NabFormatException(
                        path, 1, "empty file (expected header timestamp,value)");
            }
            header = stripBom(stripCr(header));
            String[] columns = header.split(",", -1);
            if (columns.length < 2
                    || !columns[0].trim().equals("timestamp")
                    || !columns[1].trim().equals("value")) {
                throw new NabFormatException(
                        path, 1, "header is '" + header + "', expected timestamp,value");
            }
            for (String line; (line = reader.readLine()) != null; ) {
                lineNumber++;
                line = stripCr(line);
                if (line.isBlank()) {
                    if (blankLine == 0) {
                        blankLine = lineNumber;
                    }
                    continue;
                }
                if (blankLine != 0) {
                    throw new NabFormatException(path, blankLine, "empty row");
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw new NabFormatException(
                            path,
                            lineNumber,
                            "row '" + line + "' has no value (expected timestamp,value)");
                }
                int next = line.indexOf(',', comma + 1);
                String timestamp = line.substring(0, comma).trim();
                String valueText =
                        line.substring(comma + 1, next < 0 ? line.length() : next).trim();
                long epochMillis;
                try {
                    epochMillis = parseDataTimestamp(timestamp);
                } catch (DateTimeException e) {
                    throw new NabFormatException(
                            path,
                            lineNumber,
                            "timestamp '" + timestamp + "' is not YYYY-MM-DD HH:MM:SS");
                }
                double value;
                try {
                    value = Double.parseDouble(valueText);
                } catch (NumberFormatException e) {
                    value = Double.NaN;
                }
                if (!Double.isFinite(value)) {
                    throw new NabFormatException(
                            path, lineNumber, "value '" + valueText + "' is not a finite number");
                }
                if (n == millis.length) {
                    millis = java.util.Arrays.copyOf(millis, 2 * n);
                    values = java.util.Arrays.copyOf(values, 2 * n);
                }
                millis[n] = epochMillis;
                values[n] = value;
                n++;
                timestamps.add(timestamp);
                valueTexts.add(valueText);
            }
        }
        if (n == 0) {
            throw new NabFormatException(path, 0, "no data rows after the header");
        }
        millis = java.util.Arrays.copyOf(millis, n);
        values = java.util.Arrays.copyOf(values, n);
        List<NabWindow> windows =
                matchWindows(path, category + "/" + name, millis, raw, windowsFile);
        return new NabFile(
                category,
                name,
                timestamps.toArray(String[]::new),
                millis,
                valueTexts.toArray(String[]::new),
                values,
                windows);
    }

    /**
     * Turns timestamp windows into row windows. A start matches the first row with that timestamp
     * (NAB enters a window when a row's timestamp equals its start); an end matches the first row
     * at or after the start with that timestamp.
     */
    private static List<NabWindow> matchWindows(
            Path dataFile, String key, long[] millis, List<RawWindow> raw, Path windowsFile) {
        Map<Long, Integer> firstRow = new HashMap<>();
        for (int i = 0; i < millis.length; i++) {
            firstRow.putIfAbsent(millis[i], i);
        }
        List<NabWindow> windows = new ArrayList<>();
        int previousLast = -1;
        for (RawWindow window : raw) {
            Integer first = rowOf(window.start(), firstRow);
            if (first == null) {
                throw new NabFormatException(
                        windowsFile,
                        window.line(),
                        "window start '"
                                + window.startText()
                                + "' of \""
                                + key
                                + "\" hits no row of "
                                + dataFile);
            }
            int last = -1;
            if (window.end().getNano() % 1_000_000 == 0) {
                long end = window.end().toEpochMilli();
                for (int i = first; i < millis.length; i++) {
                    if (millis[i] == end) {
                        last = i;
                        break;
                    }
                }
            }
            if (last < 0) {
                throw new NabFormatException(
                        windowsFile,
                        window.line(),
                        "window end '"
                                + window.endText()
                                + "' of \""
                                + key
                                + "\" hits no row of "
                                + dataFile
                                + " at or after its start (row "
                                + first
                                + ")");
            }
            if (first <= previousLast) {
                throw new NabFormatException(
                        windowsFile,
                        window.line(),
                        "window ["
                                + window.startText()
                                + ", "
                                + window.endText()
                                + "] of \""
                                + key
                                + "\" overlaps or precedes the window before it; windows must be"
                                + " sorted and disjoint");
            }
            windows.add(new NabWindow(first, last));
            previousLast = last;
        }
        return windows;
    }

    /**
     * Parses a data timestamp ({@code YYYY-MM-DD HH:MM:SS}, UTC) to epoch milliseconds. The fixed
     * layout is read digit by digit (the formatter is several times slower on 365k rows); anything
     * else goes through {@link #DATA_TIMESTAMP} for its error.
     *
     * @throws DateTimeException if {@code text} is not a valid timestamp in that layout
     */
    static long parseDataTimestamp(String text) {
        if (text.length() == 19
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == ' '
                && text.charAt(13) == ':'
                && text.charAt(16) == ':') {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 7);
            int day = digits(text, 8, 10);
            int hour = digits(text, 11, 13);
            int minute = digits(text, 14, 16);
            int second = digits(text, 17, 19);
            if ((year | month | day | hour | minute | second) >= 0) {
                // LocalDateTime.of rejects out-of-range fields, such as 2014-02-30.
                return LocalDateTime.of(year, month, day, hour, minute, second)
                                .toEpochSecond(ZoneOffset.UTC)
                        * 1000L;
            }
        }
        return LocalDateTime.parse(text, DATA_TIMESTAMP).toInstant(ZoneOffset.UTC).toEpochMilli();
    }

    /** The decimal number in {@code text[from, to)}, or -1 if a character is not a digit. */
    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Integer rowOf(Instant instant, Map<Long, Integer> firstRow) {
        if (instant.getNano() % 1_000_000 != 0) {
            return null;
        }
        return firstRow.get(instant.toEpochMilli());
    }

    private static String stripCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    private static String stripBom(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }
}
