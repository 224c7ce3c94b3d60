package io.vigil.jobs;

import io.vigil.jobs.config.VigilConfig;

/** What every Vigil job holds: its name and the configuration it builds its graph from. */
abstract class ConfiguredJob implements VigilJob {
    protected final VigilConfig config;
    private final JobName name;

    ConfiguredJob(JobName name, VigilConfig config) {
        this.name = name;
        this.config = config;
    }

    @Override
    public final JobName name() {
        return name;
    }
}
