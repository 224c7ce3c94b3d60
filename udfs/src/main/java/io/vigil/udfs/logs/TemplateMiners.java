package io.vigil.udfs.logs;

/** Creates template miners. */
public final class TemplateMiners {
    private TemplateMiners() {}

    /**
     * The default miner: a {@link PatternMiner} with {@link MinerConfig#DEFAULT} and default
     * masking.
     */
    public static TemplateMiner createDefault() {
        return new PatternMiner(MinerConfig.DEFAULT, Masker.defaults());
    }

    /**
     * A miner with a custom configuration, masking with the configuration's {@link
     * MinerConfig#rules()}.
     */
    public static TemplateMiner create(MinerConfig config) {
        return new PatternMiner(config, Masker.withRules(config.rules()));
    }

    /** A miner with a custom configuration and masking (for a source that needs it). */
    public static TemplateMiner create(MinerConfig config, Masker masker) {
        return new PatternMiner(config, masker);
    }
}
