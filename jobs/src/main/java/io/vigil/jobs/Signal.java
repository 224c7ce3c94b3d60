package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import java.util.List;

/** The three OTLP signals and the names derived from them (topics, operator uids, metrics). */
public enum Signal {
    METRICS("metrics"),
    LOGS("logs"),
    SPANS("spans");

    private final String id;

    Signal(String id) {
        this.id = id;
    }

    /** Short name used in operator uids, consumer groups and dead letters. */
    public String id() {
        return id;
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
