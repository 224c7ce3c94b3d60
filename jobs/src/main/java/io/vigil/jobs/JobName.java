package io.vigil.jobs;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** The jobs one jar can run, alone or together ({@code all}) as one Flink graph. */
public enum JobName {
    METRICS,
    LOGS,
    TRACES,
    INCIDENTS;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses job names as given on the command line; {@code all} or no names means every job.
     *
     * @throws IllegalArgumentException naming the unknown name and the known ones
     */
    public static Set<JobName> parse(List<String> names) {
        if (names == null || names.isEmpty()) {
            return EnumSet.allOf(JobName.class);
        }
        EnumSet<JobName> jobs = EnumSet.noneOf(JobName.class);
        for (String name : names) {
            String id = name.trim().toLowerCase(Locale.ROOT);
            if (id.equals("all")) {
                jobs.addAll(EnumSet.allOf(JobName.class));
                continue;
            }
            try {
                jobs.add(valueOf(id.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "unknown job '"
                                + name
                                + "'; choose from all, "
                                + EnumSet.allOf(JobName.class).stream()
                                        .map(JobName::id)
                                        .collect(Collectors.joining(", ")));
            }
        }
        return jobs;
    }
}
