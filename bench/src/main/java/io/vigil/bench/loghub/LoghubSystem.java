package io.vigil.bench.loghub;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One labelled Loghub-2k system: the {@code Content} of every line (the log body, what an OTLP log
 * record carries) with its ground-truth {@code EventId} and {@code EventTemplate}, read from {@code
 * <System>/<System>_2k.log_structured_corrected.csv}.
 *
 * @param name the system (folder) name
 * @param lineIds the {@code LineId} column
 * @param contents the {@code Content} column, the miner's input
 * @param eventIds the ground-truth group of each line
 * @param templates the ground-truth template of each line
 */
public record LoghubSystem(
        String name,
        List<String> lineIds,
        List<String> contents,
        List<String> eventIds,
        List<String> templates) {

    /** The file name suffix of the primary ground truth. */
    public static final String SUFFIX = "_2k.log_structured_corrected.csv";

    public LoghubSystem {
        lineIds = List.copyOf(lineIds);
        contents = List.copyOf(contents);
        eventIds = List.copyOf(eventIds);
        templates = List.copyOf(templates);
    }

    public int size() {
        return contents.size();
    }

    /** Every system folder under {@code dir} that has the structured CSV, sorted by name. */
    public static List<LoghubSystem> loadAll(Path dir) throws IOException {
        List<LoghubSystem> out = new ArrayList<>();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : folders.sorted().toList()) {
                String name = folder.getFileName().toString();
                Path csv = folder.resolve(name + SUFFIX);
                if (Files.isDirectory(folder) && Files.isRegularFile(csv)) {
                    out.add(load(name, csv));
                }
            }
        }
        if (out.isEmpty()) {
            throw new IOException(
                    "no Loghub-2k systems under "
                            + dir
                            + ": expected DIR/<System>/<System>"
                            + SUFFIX);
        }
        return out;
    }

    /** One system from its structured CSV. */
    public static LoghubSystem load(String name, Path csv) throws IOException {
        List<List<String>> rows = Csv.parse(Files.readString(csv, StandardCharsets.UTF_8));
        if (rows.isEmpty()) {
            throw new IOException(csv + " is empty");
        }
        List<String> header = rows.get(0);
        int lineId = column(header, "LineId", csv);
        int content = column(header, "Content", csv);
        int eventId = column(header, "EventId", csv);
        int template = column(header, "EventTemplate", csv);
        List<String> ids = new ArrayList<>();
        List<String> contents = new ArrayList<>();
        List<String> events = new ArrayList<>();
        List<String> templates = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() == 1 && row.get(0).isEmpty()) {
                continue; // trailing blank line
            }
            if (row.size() != header.size()) {
                throw new IOException(
                        csv
                                + " row "
                                + r
                                + " has "
                                + row.size()
                                + " fields, the header "
                                + header.size());
            }
            ids.add(row.get(lineId));
            contents.add(row.get(content));
            events.add(row.get(eventId));
            templates.add(row.get(template));
        }
        return new LoghubSystem(name, ids, contents, events, templates);
    }

    private static int column(List<String> header, String name, Path csv) throws IOException {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IOException(csv + " has no column " + name + " (header " + header + ")");
        }
        return i;
    }
}
