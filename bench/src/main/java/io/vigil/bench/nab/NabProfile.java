package io.vigil.bench.nab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A NAB application profile: the weights of the cost matrix that turn detections into a score.
 * NAB's {@code tnWeight} is never used by its scorer and is not kept.
 *
 * @param name the profile's name as NAB spells it ({@code standard}, {@code reward_low_FP_rate},
 *     {@code reward_low_FN_rate})
 * @param tpWeight A_TP: what the earliest detection of a window earns; positive
 * @param fpWeight A_FP: the most a false positive can cost; non-negative
 * @param fnWeight A_FN: what a window without any detection costs; non-negative
 */
public record NabProfile(String name, double tpWeight, double fpWeight, double fnWeight) {

    /** NAB's {@code standard} profile: A_TP 1, A_FP 0.11, A_FN 1. */
    public static final NabProfile STANDARD = new NabProfile("standard", 1.0, 0.11, 1.0);

    /** NAB's {@code reward_low_FP_rate} profile: A_TP 1, A_FP 0.22, A_FN 1. */
    public static final NabProfile REWARD_LOW_FP_RATE =
            new NabProfile("reward_low_FP_rate", 1.0, 0.22, 1.0);

    /** NAB's {@code reward_low_FN_rate} profile: A_TP 1, A_FP 0.11, A_FN 2. */
    public static final NabProfile REWARD_LOW_FN_RATE =
            new NabProfile("reward_low_FN_rate", 1.0, 0.11, 2.0);

    public NabProfile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a profile needs a name");
        }
        if (!(tpWeight > 0) || !Double.isFinite(tpWeight)) {
            throw new IllegalArgumentException(
                    "profile " + name + ": tpWeight must be positive and finite, was " + tpWeight);
        }
        if (!(fpWeight >= 0) || !Double.isFinite(fpWeight)) {
            throw new IllegalArgumentException(
                    "profile " + name + ": fpWeight must be >= 0 and finite, was " + fpWeight);
        }
        if (!(fnWeight >= 0) || !Double.isFinite(fnWeight)) {
            throw new IllegalArgumentException(
                    "profile " + name + ": fnWeight must be >= 0 and finite, was " + fnWeight);
        }
    }

    /** NAB's three profiles in its order: standard, reward_low_FP_rate, reward_low_FN_rate. */
    public static List<NabProfile> defaults() {
        return List.of(STANDARD, REWARD_LOW_FP_RATE, REWARD_LOW_FN_RATE);
    }

    /**
     * Reads profiles in the format of NAB's {@code config/profiles.json}: {@code {"<name>":
     * {"CostMatrix": {"tpWeight": …, "fpWeight": …, "fnWeight": …, "tnWeight": …}}, …}}, in the
     * file's order.
     *
     * @throws NabFormatException naming the file and the profile if a weight is missing or invalid
     */
    public static List<NabProfile> load(Path profilesJson) throws IOException {
        JsonNode root = new ObjectMapper().readTree(profilesJson.toFile());
        if (root == null || !root.isObject() || root.isEmpty()) {
            throw new NabFormatException(
                    profilesJson, 0, "expected a JSON object of profiles, {\"standard\": {…}}");
        }
        List<NabProfile> profiles = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode matrix = entry.getValue().path("CostMatrix");
            try {
                profiles.add(
                        new NabProfile(
                                entry.getKey(),
                                weight(matrix, "tpWeight"),
                                weight(matrix, "fpWeight"),
                                weight(matrix, "fnWeight")));
            } catch (IllegalArgumentException e) {
                throw new NabFormatException(
                        profilesJson, 0, "profile " + entry.getKey() + ": " + e.getMessage());
            }
        }
        return List.copyOf(profiles);
    }

    private static double weight(JsonNode matrix, String field) {
        JsonNode value = matrix.get(field);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("CostMatrix." + field + " must be a number");
        }
        return value.doubleValue();
    }
}
