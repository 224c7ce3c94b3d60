package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A visualization of one of Kibana 7.10's standard types: {@code line}, {@code area}, {@code
 * histogram} (vertical bars), {@code table}, {@code metric} or {@code markdown}. It reads an index
 * pattern with its own KQL query, or a saved search (and then its query).
 *
 * @param id saved-object id
 * @param title the panel's title
 * @param description what it shows
 * @param type the visualization type
 * @param indexPattern the index pattern's id ({@code null} for markdown or with a saved search)
 * @param savedSearch the saved search's id, or {@code null}
 * @param kql the visualization's own query ({@code ""}: none)
 * @param aggs metrics first, then buckets
 * @param rightAxis indices (0-based, among the metrics) of the metrics drawn against a second value
 *     axis on the right, as bars (an xy chart's markers, e.g. anomaly scores under a series)
 * @param valueAxisTitle the left value axis' title ({@code ""}: none)
 * @param markdown the text of a markdown visualization
 */
public record Visualization(
        String id,
        String title,
        String description,
        String type,
        String indexPattern,
        String savedSearch,
        String kql,
        List<Agg> aggs,
        Set<Integer> rightAxis,
        String valueAxisTitle,
        String markdown) {

    private static final Set<String> XY = Set.of("line", "area", "histogram");

    public Visualization {
        aggs = List.copyOf(aggs);
        rightAxis = Set.copyOf(rightAxis);
        if (!XY.contains(type) && !Set.of("table", "metric", "markdown").contains(type)) {
            throw new IllegalArgumentException(id + ": unsupported visualization type " + type);
        }
        if (type.equals("markdown") != (indexPattern == null && savedSearch == null)) {
            throw new IllegalArgumentException(
                    id + ": markdown reads no data, every other type reads an index or a search");
        }
    }

    /** An xy chart, table or metric over an index pattern. */
    public static Visualization of(
            String id, String title, String type, String indexPattern, String kql, Agg... aggs) {
        return new Visualization(
                id, title, "", type, indexPattern, null, kql, List.of(aggs), Set.of(), "", "");
    }

    /** A markdown panel. */
    public static Visualization markdown(String id, String title, String text) {
        return new Visualization(
                id, title, "", "markdown", null, null, "", List.of(), Set.of(), "", text);
    }

    /** The same visualization with a description. */
    public Visualization describedAs(String text) {
        return new Visualization(
                id,
                title,
                text,
                type,
                indexPattern,
                savedSearch,
                kql,
                aggs,
                rightAxis,
                valueAxisTitle,
                markdown);
    }

    /** The same xy chart with the metrics at these indices on a second axis, as bars. */
    public Visualization onRightAxis(Integer... metrics) {
        return new Visualization(
                id,
                title,
                description,
                type,
                indexPattern,
                savedSearch,
                kql,
                aggs,
                Set.of(metrics),
                valueAxisTitle,
                markdown);
    }

    /** The same chart reading a saved search instead of an index pattern with a query. */
    public Visualization onSearch(String searchId) {
        return new Visualization(
                id,
                title,
                description,
                type,
                null,
                searchId,
                "",
                aggs,
                rightAxis,
                valueAxisTitle,
                markdown);
    }

    /** The metrics, in order. */
    public List<Agg> metrics() {
        return aggs.stream().filter(Agg::isMetric).toList();
    }

    SavedObject toSavedObject(String timeField) {
        List<Agg> metrics = metrics();
        List<Agg> buckets = aggs.stream().filter(a -> !a.isMetric()).toList();
        String[] metricIds = new String[metrics.size()];
        for (int i = 0; i < metricIds.length; i++) {
            metricIds[i] = String.valueOf(i + 1);
        }
        ObjectNode vis = SavedObject.JSON.createObjectNode();
        vis.put("title", title);
        vis.put("type", type);
        vis.set("params", params(metrics, metricIds));
        ArrayNode aggsJson = vis.putArray("aggs");
        for (int i = 0; i < metrics.size(); i++) {
            aggsJson.add(metrics.get(i).toJson(metricIds[i], timeField, metricIds));
        }
        for (int i = 0; i < buckets.size(); i++) {
            aggsJson.add(
                    buckets.get(i)
                            .toJson(String.valueOf(metrics.size() + i + 1), timeField, metricIds));
        }

        ObjectNode a = SavedObject.JSON.createObjectNode();
        a.put("title", title);
        a.put("visState", vis.toString());
        a.put("uiStateJSON", "{}");
        a.put("description", description);
        a.put("version", 1);
        List<SavedObject.Reference> refs = new ArrayList<>();
        if (savedSearch != null) {
            a.put("savedSearchRefName", "search_0");
            refs.add(new SavedObject.Reference("search_0", "search", savedSearch));
        }
        a.putObject("kibanaSavedObjectMeta")
                .put("searchSourceJSON", SavedSearch.searchSource(kql, indexPattern != null));
        if (indexPattern != null) {
            refs.add(
                    new SavedObject.Reference(
                            SavedSearch.INDEX_REF, "index-pattern", indexPattern));
        }
        return new SavedObject(id, "visualization", a, refs);
    }

    private ObjectNode params(List<Agg> metrics, String[] metricIds) {
        ObjectNode p = SavedObject.JSON.createObjectNode();
        switch (type) {
            case "markdown":
                p.put("fontSize", 12);
                p.put("openLinksInNewTab", false);
                p.put("markdown", markdown);
                break;
            case "table":
                p.put("perPage", 10);
                p.put("showPartialRows", false);
                p.put("showMetricsAtAllLevels", false);
                p.putObject("sort").putNull("columnIndex").putNull("direction");
                p.put("showTotal", false);
                p.put("totalFunc", "sum");
                p.put("percentageCol", "");
                break;
            case "metric":
                // the shape of Kibana's own sample data (contract example)
                p.put("addTooltip", true);
                p.put("addLegend", false);
                p.put("type", "metric");
                ObjectNode m = p.putObject("metric");
                m.put("percentageMode", false);
                m.put("useRanges", false);
                m.put("colorSchema", "Green to Red");
                m.put("metricColorMode", "None");
                m.putArray("colorsRange").addObject().put("from", 0).put("to", 10000);
                m.putObject("labels").put("show", true);
                m.put("invertColors", false);
                ObjectNode style = m.putObject("style");
                style.put("bgFill", "#000");
                style.put("bgColor", false);
                style.put("labelColor", false);
                style.put("subText", "");
                style.put("fontSize", 36);
                break;
            default:
                xyParams(p, metrics, metricIds);
        }
        return p;
    }

    private void xyParams(ObjectNode p, List<Agg> metrics, String[] metricIds) {
        p.put("type", type);
        p.putObject("grid").put("categoryLines", false);
        ObjectNode category = p.putArray("categoryAxes").addObject();
        category.put("id", "CategoryAxis-1");
        category.put("type", "category");
        category.put("position", "bottom");
        category.put("show", true);
        category.putObject("style");
        category.putObject("scale").put("type", "linear");
        category.putObject("labels").put("show", true).put("filter", true).put("truncate", 100);
        category.putObject("title");
        ArrayNode valueAxes = p.putArray("valueAxes");
        valueAxis(valueAxes, 1, "left", valueAxisTitle);
        if (!rightAxis.isEmpty()) {
            valueAxis(valueAxes, 2, "right", "");
        }
        ArrayNode series = p.putArray("seriesParams");
        for (int i = 0; i < metrics.size(); i++) {
            boolean right = rightAxis.contains(i);
            ObjectNode s = series.addObject();
            s.put("show", true);
            s.put("type", right ? "histogram" : type);
            s.put("mode", type.equals("line") || right ? "normal" : "stacked");
            Agg metric = metrics.get(i);
            s.putObject("data").put("label", metric.label()).put("id", metricIds[i]);
            s.put("valueAxis", right ? "ValueAxis-2" : "ValueAxis-1");
            s.put("drawLinesBetweenPoints", true);
            s.put("lineWidth", 2);
            s.put("interpolate", "linear");
            s.put("showCircles", true);
        }
        p.put("addTooltip", true);
        p.put("addLegend", true);
        p.put("legendPosition", "right");
        p.putArray("times");
        p.put("addTimeMarker", false);
        p.putObject("labels").put("show", false);
        ObjectNode threshold = p.putObject("thresholdLine");
        threshold.put("show", false);
        threshold.put("value", 10);
        threshold.put("width", 1);
        threshold.put("style", "full");
        threshold.put("color", "#E7664C");
    }

    private static void valueAxis(ArrayNode axes, int n, String position, String title) {
        ObjectNode axis = axes.addObject();
        axis.put("id", "ValueAxis-" + n);
        axis.put("name", (position.equals("left") ? "LeftAxis-" : "RightAxis-") + n);
        axis.put("type", "value");
        axis.put("position", position);
        axis.put("show", true);
        axis.putObject("style");
        axis.putObject("scale").put("type", "linear").put("mode", "normal");
        axis.putObject("labels")
                .put("show", true)
                .put("rotate", 0)
                .put("filter", false)
                .put("truncate", 100);
        axis.putObject("title").put("text", title);
    }
}
