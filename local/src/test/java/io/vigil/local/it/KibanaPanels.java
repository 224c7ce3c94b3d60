package io.vigil.local.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Vigil's Kibana saved objects (the NDJSON of {@code kibana/}) read back as the Elasticsearch
 * searches Kibana 7.10 sends for them: each panel's index pattern becomes its indices, its saved
 * search's and its own KQL query the query ({@link Kql}), with the time range as a filter on the
 * pattern's time field; each visualization's aggregations the request's {@code aggs}, nested as
 * Kibana nests them (split charts outermost, then the buckets in order, the metrics innermost; a
 * terms aggregation ordered by a metric gets that metric as its own sub-aggregation). A saved
 * search is a sorted search of the first documents.
 *
 * <p>The answer is flattened into a {@link Result}: one row per leaf bucket, with the bucket keys
 * and the metric values, as Kibana's tabified response.
 */
final class KibanaPanels {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Documents a saved search panel shows (Kibana's default is 50 per page). */
    static final int SEARCH_ROWS = 50;

    /** The parsed objects by id. */
    final Map<String, JsonNode> objects = new LinkedHashMap<>();

    private final UnaryOperator<String> indices;

    /**
     * @param ndjsonFiles the files' content, in import order
     * @param indices the indices an index pattern title reads (e.g. a test's prefix for {@code
     *     vigil-})
     */
    KibanaPanels(List<String> ndjsonFiles, UnaryOperator<String> indices) throws IOException {
        this.indices = indices;
        for (String file : ndjsonFiles) {
            for (String line : file.split("\n")) {
                JsonNode o = JSON.readTree(line);
                objects.put(o.path("id").asText(), o);
            }
        }
    }

    /** One panel of a dashboard: the object it shows and its place. */
    record Panel(JsonNode object, int x, int y, int w, int h) {
        String title() {
            return object.at("/attributes/title").asText();
        }

        String type() {
            return object.path("type").asText().equals("search") ? "search" : visType();
        }

        String visType() {
            return parse(object.at("/attributes/visState").asText()).path("type").asText();
        }
    }

    /** The dashboards, by id. */
    List<JsonNode> dashboards() {
        return objects.values().stream()
                .filter(o -> o.path("type").asText().equals("dashboard"))
                .toList();
    }

    /** A dashboard's panels, with the object each shows. */
    List<Panel> panels(JsonNode dashboard) {
        List<Panel> panels = new ArrayList<>();
        Map<String, String> refs = new LinkedHashMap<>();
        dashboard
                .path("references")
                .forEach(r -> refs.put(r.path("name").asText(), r.path("id").asText()));
        for (JsonNode p : parse(dashboard.at("/attributes/panelsJSON").asText())) {
            JsonNode g = p.path("gridData");
            panels.add(
                    new Panel(
                            objects.get(refs.get(p.path("panelRefName").asText())),
                            g.path("x").asInt(),
                            g.path("y").asInt(),
                            g.path("w").asInt(),
                            g.path("h").asInt()));
        }
        return panels;
    }

    /** A column of a result: its label, and for metrics the aggregation and field. */
    record Column(String label, String agg, String field, String schema) {}

    /**
     * A panel's data: bucket columns then metric columns, one row per leaf bucket (for a search:
     * one row per document, the columns its fields).
     */
    record Result(
            Panel panel,
            String indexPattern,
            String request,
            List<Column> columns,
            List<List<Object>> rows,
            long hits) {

        /** The metric columns. */
        List<Integer> metricColumns() {
            List<Integer> m = new ArrayList<>();
            for (int i = 0; i < columns.size(); i++) {
                if (columns.get(i).schema().equals("metric")) {
                    m.add(i);
                }
            }
            return m;
        }

        /**
         * Why the panel would show no data, or null when it shows some: no document, no row, or no
         * value in any metric.
         */
        String empty() {
            if (panel.type().equals("markdown")) {
                return null;
            }
            if (hits == 0 || rows.isEmpty()) {
                return "no documents match";
            }
            if (!metricColumns().isEmpty() && emptyColumns().size() == metricColumns().size()) {
                return "no value in any metric";
            }
            return null;
        }

        /** The labels of the metric columns without a value in any row. */
        List<String> emptyColumns() {
            List<String> empty = new ArrayList<>();
            for (int c : metricColumns()) {
                boolean any = false;
                for (List<Object> row : rows) {
                    any |= row.get(c) != null;
                }
                if (!any) {
                    empty.add(columns.get(c).label());
                }
            }
            return empty;
        }
    }

    /** Runs a panel's query on Elasticsearch over {@code [from, to]}. */
    Result run(Panel panel, ElasticsearchQueries es, Instant from, Instant to)
            throws IOException, InterruptedException {
        return run(panel, es, from, to, "");
    }

    /**
     * Runs a panel's query on Elasticsearch over {@code [from, to]} with the dashboard's query bar
     * ({@code dashboardKql}, e.g. from a link's {@code _a}) and-ed to the panel's own.
     */
    Result run(Panel panel, ElasticsearchQueries es, Instant from, Instant to, String dashboardKql)
            throws IOException, InterruptedException {
        JsonNode o = panel.object();
        if (panel.type().equals("markdown")) {
            return new Result(panel, "", "", List.of(), List.of(), 0);
        }
        JsonNode source =
                parse(o.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText());
        String kql = source.at("/query/query").asText();
        JsonNode search = o;
        if (o.path("type").asText().equals("visualization")
                && o.at("/attributes/savedSearchRefName").isTextual()) {
            search = objects.get(reference(o, o.at("/attributes/savedSearchRefName").asText()));
            String searchKql =
                    parse(search.at("/attributes/kibanaSavedObjectMeta/searchSourceJSON").asText())
                            .at("/query/query")
                            .asText();
            kql = kql.isBlank() ? searchKql : "(" + searchKql + ") and (" + kql + ")";
        }
        if (!dashboardKql.isBlank()) {
            kql = kql.isBlank() ? dashboardKql : "(" + kql + ") and (" + dashboardKql + ")";
        }
        JsonNode pattern =
                objects.get(reference(search, "kibanaSavedObjectMeta.searchSourceJSON.index"));
        String timeField = pattern.at("/attributes/timeFieldName").asText("");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode filter = body.putObject("query").putObject("bool").putArray("filter");
        filter.add(Kql.toQuery(kql));
        if (!timeField.isEmpty()) {
            filter.addObject()
                    .putObject("range")
                    .putObject(timeField)
                    .put("gte", from.toString())
                    .put("lte", to.toString())
                    .put("format", "strict_date_optional_time");
        }
        body.put("track_total_hits", true);
        String index = indices.apply(pattern.at("/attributes/title").asText());
        String path = "/" + index + "/_search?allow_no_indices=true&ignore_unavailable=true";
        if (o.path("type").asText().equals("search")) {
            return runSearch(panel, es, body, pattern, path);
        }
        JsonNode vis = parse(o.at("/attributes/visState").asText());
        List<JsonNode> metrics = new ArrayList<>();
        List<JsonNode> buckets = new ArrayList<>();
        for (JsonNode agg : vis.path("aggs")) {
            if (agg.path("schema").asText().equals("metric")) {
                metrics.add(agg);
            } else if (agg.path("schema").asText().equals("split")) {
                buckets.add(0, agg);
            } else {
                buckets.add(agg);
            }
        }
        body.put("size", 0);
        ObjectNode level = body.putObject("aggs");
        for (JsonNode b : buckets) {
            ObjectNode agg = level.putObject(b.path("id").asText());
            bucketAgg(agg, b, from, to, metrics);
            String orderBy = b.at("/params/orderBy").asText("");
            ObjectNode sub = agg.putObject("aggs");
            if (b.path("type").asText().equals("terms") && !orderBy.equals("_key")) {
                for (JsonNode m : metrics) {
                    if (m.path("id").asText().equals(orderBy)
                            && !m.path("type").asText().equals("count")) {
                        metricAgg(sub.putObject(orderBy), m, timeField);
                    }
                }
            }
            level = sub;
        }
        for (JsonNode m : metrics) {
            if (!m.path("type").asText().equals("count")) {
                metricAgg(level.putObject(m.path("id").asText()), m, timeField);
            }
        }
        JsonNode answer = es.post(path, body.toString());
        List<Column> columns = new ArrayList<>();
        for (JsonNode b : buckets) {
            columns.add(
                    new Column(
                            label(b),
                            b.path("type").asText(),
                            b.at("/params/field").asText(),
                            b.path("schema").asText()));
        }
        for (JsonNode m : metrics) {
            columns.add(
                    new Column(
                            label(m),
                            m.path("type").asText(),
                            m.at("/params/field").asText(""),
                            "metric"));
        }
        List<List<Object>> rows = new ArrayList<>();
        flatten(
                answer.path("aggregations"),
                answer.at("/hits/total/value").asLong(),
                buckets,
                0,
                metrics,
                new ArrayList<>(),
                rows);
        return new Result(
                panel,
                pattern.at("/attributes/title").asText(),
                body.toString(),
                columns,
                rows,
                answer.at("/hits/total/value").asLong());
    }

    private Result runSearch(
            Panel panel, ElasticsearchQueries es, ObjectNode body, JsonNode pattern, String path)
            throws IOException, InterruptedException {
        JsonNode a = panel.object().path("attributes");
        body.put("size", SEARCH_ROWS);
        ArrayNode sort = body.putArray("sort");
        for (JsonNode s : a.path("sort")) {
            sort.addObject().putObject(s.get(0).asText()).put("order", s.get(1).asText());
        }
        JsonNode answer = es.post(path, body.toString());
        List<Column> columns = new ArrayList<>();
        for (JsonNode c : a.path("columns")) {
            columns.add(new Column(c.asText(), "", c.asText(), "column"));
        }
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode hit : answer.at("/hits/hits")) {
            List<Object> row = new ArrayList<>();
            for (Column c : columns) {
                JsonNode v = hit.path("_source");
                for (String part : c.field().split("\\.")) {
                    v = v.isArray() ? v.path(0).path(part) : v.path(part);
                }
                row.add(
                        v.isMissingNode() || v.isNull()
                                ? null
                                : v.isArray()
                                        ? join(v)
                                        : v.isNumber() ? (Object) v.asDouble() : v.asText());
            }
            rows.add(row);
        }
        return new Result(
                panel,
                pattern.at("/attributes/title").asText(),
                body.toString(),
                columns,
                rows,
                answer.at("/hits/total/value").asLong());
    }

    private static String join(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(e -> parts.add(e.asText()));
        return String.join(", ", parts);
    }

    private static String label(JsonNode agg) {
        String custom = agg.at("/params/customLabel").asText("");
        return custom.isEmpty()
                ? agg.path("type").asText() + " " + agg.at("/params/field").asText("")
                : custom;
    }

    private static void bucketAgg(
            ObjectNode out, JsonNode b, Instant from, Instant to, List<JsonNode> metrics) {
        JsonNode p = b.path("params");
        switch (b.path("type").asText()) {
            case "date_histogram":
                out.putObject("date_histogram")
                        .put("field", p.path("field").asText())
                        .put("fixed_interval", autoInterval(from, to))
                        .put("min_doc_count", p.path("min_doc_count").asInt(1));
                break;
            case "terms":
                ObjectNode terms = out.putObject("terms");
                terms.put("field", p.path("field").asText());
                terms.put("size", p.path("size").asInt());
                String orderBy = p.path("orderBy").asText();
                // ordered by a count metric: Kibana writes its id, Elasticsearch wants _count
                String key = orderBy;
                for (JsonNode m : metrics) {
                    if (m.path("id").asText().equals(orderBy)
                            && m.path("type").asText().equals("count")) {
                        key = "_count";
                    }
                }
                terms.putObject("order").put(key, p.path("order").asText());
                break;
            default:
                throw new IllegalArgumentException(
                        "bucket aggregation " + b.path("type").asText() + " is not translated");
        }
    }

    private static void metricAgg(ObjectNode out, JsonNode m, String timeField) {
        String field = m.at("/params/field").asText();
        switch (m.path("type").asText()) {
            case "avg", "sum", "min", "max", "cardinality" ->
                    out.putObject(m.path("type").asText()).put("field", field);
            case "top_hits" -> {
                ObjectNode top = out.putObject("top_hits");
                top.put("size", 1);
                top.putArray("docvalue_fields").addObject().put("field", field);
                top.putObject("_source").putArray("includes").add(field);
                top.putArray("sort")
                        .addObject()
                        .putObject(m.at("/params/sortField").asText(timeField))
                        .put("order", m.at("/params/sortOrder").asText("desc"));
            }
            default ->
                    throw new IllegalArgumentException(
                            "metric " + m.path("type").asText() + " is not translated");
        }
    }

    /** Kibana's "auto" interval: about 50 buckets over the range, at a round interval. */
    static String autoInterval(Instant from, Instant to) {
        long target = Duration.between(from, to).toMillis() / 50;
        long[] steps = {
            60_000,
            120_000,
            300_000,
            600_000,
            1_800_000,
            3_600_000,
            10_800_000,
            43_200_000,
            86_400_000
        };
        for (long s : steps) {
            if (s >= target) {
                return (s / 60_000) + "m";
            }
        }
        return "1d";
    }

    private static void flatten(
            JsonNode level,
            long docCount,
            List<JsonNode> buckets,
            int depth,
            List<JsonNode> metrics,
            List<Object> keys,
            List<List<Object>> rows) {
        if (depth == buckets.size()) {
            List<Object> row = new ArrayList<>(keys);
            for (JsonNode m : metrics) {
                row.add(metricValue(level, docCount, m));
            }
            rows.add(row);
            return;
        }
        JsonNode b = buckets.get(depth);
        for (JsonNode bucket : level.path(b.path("id").asText()).path("buckets")) {
            keys.add(
                    bucket.path("key").isNumber()
                            ? (Object) bucket.path("key").asLong()
                            : bucket.path("key").asText());
            flatten(
                    bucket,
                    bucket.path("doc_count").asLong(),
                    buckets,
                    depth + 1,
                    metrics,
                    keys,
                    rows);
            keys.remove(keys.size() - 1);
        }
    }

    private static Object metricValue(JsonNode level, long docCount, JsonNode m) {
        String type = m.path("type").asText();
        if (type.equals("count")) {
            return docCount == 0 ? null : (Object) (double) docCount;
        }
        JsonNode agg = level.path(m.path("id").asText());
        if (type.equals("top_hits")) {
            JsonNode hit = agg.at("/hits/hits/0");
            if (hit.isMissingNode()) {
                return null;
            }
            JsonNode v = hit.path("fields").path(m.at("/params/field").asText());
            if (v.isMissingNode() || v.isEmpty()) {
                return null;
            }
            return v.size() > 1
                    ? join(v)
                    : v.get(0).isNumber() ? (Object) v.get(0).asDouble() : v.get(0).asText();
        }
        JsonNode value = agg.path("value");
        if (value.isNull() || value.isMissingNode()) {
            return null;
        }
        if (agg.has("value_as_string") && !type.equals("cardinality")) {
            return Instant.ofEpochMilli(value.asLong());
        }
        return value.asDouble();
    }

    private static String reference(JsonNode o, String name) {
        for (JsonNode r : o.path("references")) {
            if (r.path("name").asText().equals(name)) {
                return r.path("id").asText();
            }
        }
        throw new IllegalArgumentException(o.path("id").asText() + " has no reference " + name);
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
