/**
 * The forecast protocol harness ({@code shared/data/forecast/PROTOCOL.md}), run by {@code vigil
 * bench forecast}: forecast accuracy (MASE and sMAPE at h = 1..12 from origins spread through each
 * series) and predictive alerts ("crosses the 99th percentile within 60 minutes": precision,
 * episode precision, recall, lead) on series in NAB layout.
 *
 * <p>Methods are streaming ({@link io.vigil.bench.forecast.ForecastMethod}): one session per series
 * sees one row at a time and is asked for forecasts at the origins, or for its crossing verdict at
 * every eligible step. Baselines: {@code naive}, {@code snaive}, {@code linear_1h}, {@code
 * linear_1d} (forecasts) and {@code always}, {@code naive_z1..3}, {@code linear_1h}, {@code
 * linear_1d} (crossing predictors). A new method is added in {@link
 * io.vigil.bench.forecast.ForecastMethods}.
 *
 * <p>{@link io.vigil.bench.forecast.ForecastPlots} draws {@code vigil}'s forecasts and intervals on
 * a few series and its crossing alerts on one ({@code --plots N}, into {@code OUT/plots/}).
 *
 * <p>Readings of the protocol where its text leaves a choice (all checked against its reference
 * rows on NAB, see {@code NabForecastReferenceTest}):
 *
 * <ul>
 *   <li>ts_first in the event rule is the timestamp of row first = p - 1, not of row 0 (with row 0
 *       there are 1,572 events, not 1,351, and recall of {@code always} is 0.856, not 0.995).
 *   <li>A recall-window alert may be any alert, scored or not; windows are on timestamps over all
 *       rows (both choices give the same figures on NAB).
 *   <li>σ_t uses the 288 differences y_j - y_{j-1}, j = t-287..t.
 *   <li>snaive forecasts the last value while fewer than m rows have been seen (3 short NAB series
 *       at their first origins); the reference row reproduces this way with values-only period
 *       detection ({@code --season values}: 2.228), while the rule as written (values or ranks, the
 *       default) gives 2.221.
 * </ul>
 */
package io.vigil.bench.forecast;
