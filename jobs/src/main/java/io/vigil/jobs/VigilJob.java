package io.vigil.jobs;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * One Vigil job: a class holding its configuration whose {@link #build} adds its pipeline to an
 * environment. Several jobs built into one environment form one graph ({@code vigil run all}); they
 * share nothing but Kafka topics, so each can also run as a Flink job of its own.
 */
public interface VigilJob {
    JobName name();

    /** Adds this job's sources, operators and sinks to {@code env}. */
    void build(StreamExecutionEnvironment env);
}
