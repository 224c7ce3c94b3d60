package io.vigil.bench.nab;

import java.util.List;

/**
 * NAB's published scoreboard (README of numenta/NAB at {@code ea702d7}, "as of NAB v1.0"), as
 * transcribed in {@code shared/data/nab/SCORING.md} §8, to print beside a Vigil run. The figures
 * are NAB's normalised scores on its 58-file corpus; they compare with a Vigil run only on that
 * corpus.
 */
public final class NabScoreboard {

    /**
     * One published row.
     *
     * @param detector the detector as the README names it
     * @param standard the standard-profile score as printed (a range for seed-dependent rows)
     * @param rewardLowFp the reward_low_FP_rate score as printed
     * @param rewardLowFn the reward_low_FN_rate score as printed
     * @param rank the standard score used to place a new row among these (the top of a range)
     */
    public record Row(
            String detector,
            String standard,
            String rewardLowFp,
            String rewardLowFn,
            double rank) {}

    /** The rows in the README's order, best first. */
    public static final List<Row> ROWS =
            List.of(
                    new Row("Perfect", "100.0", "100.0", "100.0", 100.0),
                    new Row("ARTime", "74.9", "65.1", "80.4", 74.9),
                    new Row(
                            "Numenta HTM (NuPIC 1.0; range over seeds)",
                            "70.5–69.7",
                            "62.6–61.7",
                            "75.2–74.2",
                            70.5),
                    new Row("CAD OSE (contextOSE)", "69.9", "67.0", "73.2", 69.9),
                    new Row("earthgecko Skyline", "58.2", "46.2", "63.9", 58.2),
                    new Row("KNN CAD", "58.0", "43.4", "64.8", 58.0),
                    new Row("Relative Entropy", "54.6", "47.6", "58.8", 54.6),
                    new Row("Random Cut Forest (AWS)", "51.7", "38.4", "59.7", 51.7),
                    new Row("Twitter ADVec v1.0.0", "47.1", "33.6", "53.5", 47.1),
                    new Row("Windowed Gaussian", "39.6", "20.9", "47.4", 39.6),
                    new Row("Etsy Skyline", "35.7", "27.1", "44.5", 35.7),
                    new Row("Bayesian Changepoint", "17.7", "3.2", "32.2", 17.7),
                    new Row("EXPoSE", "16.4", "3.2", "26.9", 16.4),
                    new Row("Random (mean over seeds)", "11.0", "1.2", "19.5", 11.0),
                    new Row("Null", "0.0", "0.0", "0.0", 0.0));

    private NabScoreboard() {}

    /**
     * Where a row with this standard score goes: before the first published row that scores less.
     */
    public static int insertionIndex(double standard) {
        for (int i = 0; i < ROWS.size(); i++) {
            if (ROWS.get(i).rank() < standard) {
                return i;
            }
        }
        return ROWS.size();
    }
}
