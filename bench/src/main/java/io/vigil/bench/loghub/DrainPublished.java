package io.vigil.bench.loghub;

import java.util.Map;

/**
 * Drain's published grouping accuracy on Loghub-2k, the logparser README column ("Accuracy",
 * ICSE'19, He et al.'s Drain with per-dataset settings) as listed in {@code
 * /work/shared/data/loghub/METRICS.md} §5; mean over the 12 systems 0.8648. Not re-run here.
 */
public final class DrainPublished {
    private DrainPublished() {}

    /** System → Drain GA. */
    public static final Map<String, Double> GA =
            Map.ofEntries(
                    Map.entry("HDFS", 0.9975),
                    Map.entry("Spark", 0.9200),
                    Map.entry("Zookeeper", 0.9665),
                    Map.entry("OpenStack", 0.7325),
                    Map.entry("BGL", 0.9625),
                    Map.entry("HPC", 0.8870),
                    Map.entry("Windows", 0.9970),
                    Map.entry("Linux", 0.6900),
                    Map.entry("Android", 0.9110),
                    Map.entry("Apache", 1.0000),
                    Map.entry("OpenSSH", 0.7875),
                    Map.entry("Proxifier", 0.5265));

    /** Drain's mean GA over the 12 systems. */
    public static final double MEAN_GA = 0.8648;
}
