package io.vigil.udfs.forecast;

import io.vigil.udfs.model.WireName;

/**
 * What a capacity outlook recommends, in the vocabulary capacity reports use; the rule that picks
 * one is {@link CapacityPlanner}'s.
 */
public enum RecommendedAction implements WireName {
    /** At or past the limit now, or expected to reach it within a day. */
    IMMEDIATE_SCALE_UP_REQUIRED,
    /** Expected to reach the limit within the planning horizon. */
    PLAN_SCALE_UP,
    /** Could reach the limit within the horizon, but it is not expected to. */
    MONITOR_CLOSELY,
    /** Far below the limit with no rise in sight: capacity to spare. */
    CONSIDER_SCALE_DOWN,
    /** None of the above. */
    MAINTAIN_CURRENT_CAPACITY;

    /** The action named {@code wire}; an error that lists the accepted names otherwise. */
    public static RecommendedAction fromWire(String wire) {
        return WireName.parse(RecommendedAction.class, wire, "recommended action");
    }
}
