package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;
import java.util.List;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Creates the execution environment from the configuration and adds the chosen jobs to it. */
public final class VigilJobs {
    private VigilJobs() {}

    /** Every job class, in graph order. */
    public static List<VigilJob> all(VigilConfig config) {
        return List.of(
                new MetricsJob(config),
                new LogsJob(config),
                new TracesJob(config),
                new IncidentsJob(config));
    }

    /**
     * The Flink configuration for these jobs: the raw options from {@code flink.configuration},
     * with generic (Kryo) types off unless the file says otherwise: every Vigil record has a Flink
     * serializer, and Kryo on JDK 17 needs reflective access we do not want to depend on.
     */
    public static Configuration flinkConfiguration(VigilConfig config) {
        Configuration flink = new Configuration();
        flink.set(PipelineOptions.GENERIC_TYPES, false);
        config.flink().configuration().forEach(flink::setString);
        return flink;
    }

    /** The environment of the context (a cluster under {@code flink run}, else a local one). */
    public static StreamExecutionEnvironment environment(VigilConfig config) {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(flinkConfiguration(config));
        configure(env, config);
        return env;
    }

    /** Applies parallelism and checkpointing to an environment created elsewhere. */
    public static void configure(StreamExecutionEnvironment env, VigilConfig config) {
        if (config.flink().parallelism() != VigilConfig.DEFAULT_PARALLELISM) {
            env.setParallelism(config.flink().parallelism());
        }
        env.enableCheckpointing(
                config.flink().checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }

    /** Adds the named jobs to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env, VigilConfig config, Set<JobName> jobs) {
        for (VigilJob job : all(config)) {
            if (jobs.contains(job.name())) {
                job.build(env);
            }
        }
    }

    /** The Flink job name for a set of jobs, e.g. {@code vigil [metrics, logs, traces]}. */
    public static String jobName(Set<JobName> jobs) {
        return "vigil " + jobs.stream().map(JobName::id).toList();
    }
}
