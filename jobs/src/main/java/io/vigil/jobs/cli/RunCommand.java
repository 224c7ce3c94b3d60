package io.vigil.jobs.cli;

import io.vigil.jobs.JobName;
import io.vigil.jobs.VigilJobs;
import io.vigil.jobs.config.VigilConfig;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code vigil run --config vigil.yaml [job…]}: runs jobs against the Kafka and Elasticsearch the
 * file names. Under {@code flink run vigil-jobs-all.jar run …} they run on that Flink cluster; from
 * {@code ./vigil} on a local MiniCluster.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run jobs (metrics, logs, traces, incidents; default all) as one Flink job.")
public final class RunCommand implements Callable<Integer> {
    @Mixin ConfigOption config;

    @Parameters(
            paramLabel = "JOB",
            description = "all | metrics | logs | traces | incidents (default all)")
    List<String> jobs = List.of();

    @Override
    public Integer call() throws Exception {
        VigilConfig vigil = config.load();
        Set<JobName> selected = JobName.parse(jobs);
        if (vigil.elasticsearch().applyTemplates()) {
            SetupCommand.applyTemplates(vigil);
        }
        StreamExecutionEnvironment env = VigilJobs.environment(vigil);
        VigilJobs.build(env, vigil, selected);
        env.execute(VigilJobs.jobName(selected));
        return 0;
    }
}
