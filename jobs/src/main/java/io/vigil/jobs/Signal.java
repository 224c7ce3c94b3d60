package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import io.vigil.udfs.model.WireName;
import java.util.List;

/** The three OTLP signals and the names derived from them (topics, operator uids, metrics). */
public enum Signal implements WireName {
    METRICS,
    LOGS,
    SPANS;

    /**
     * Short name used in operator uids, consumer groups and dead letters: the {@link #wireName()},
     * {@code metrics}, {@code logs} or {@code spans}.
     */
    public String id() {
        return wireName();
    }

    /** The input topic of this signal in the given configuration. */
    public String topic(VigilConfig.Topics topics) {
        return switch (this) {
            case METRICS -> topics.metrics();
            case LOGS -> topics.logs();
            case SPANS -> topics.spans();
        };
    }

    /**
     * Every topic the signal's job reads: its OTLP topic and, for metrics, the metrics the other
     * jobs derive (RED from traces, log rates), which are OTLP metrics too.
     */
    public List<String> inputTopics(VigilConfig.Topics topics) {
        return this == METRICS
                ? List.of(topics.metrics(), topics.derivedMetrics())
                : List.of(topic(topics));
    }
}
