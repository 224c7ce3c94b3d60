package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One aggregation of a visualization ({@code visState.aggs[]}): its type, the role it plays in the
 * chart ({@code schema}) and its parameters, in Kibana 7.10's shapes. Ids are given when the
 * visualization is built (metrics first, then buckets, {@code "1"}, {@code "2"}, …).
 *
 * @param type {@code count}, {@code avg}, {@code sum}, {@code min}, {@code max}, {@code
 *     cardinality}, {@code top_hits}, {@code date_histogram} or {@code terms}
 * @param schema {@code metric}; for buckets {@code segment} (x-axis), {@code group} (split series),
 *     {@code split} (split chart or table), {@code bucket} (table rows)
 * @param field the field aggregated, {@code null} for count
 * @param label the custom label ({@code ""}: Kibana's own, e.g. "Average vigil.red.requests")
 * @param size terms: how many buckets
 * @param orderBy terms: the index (0-based) of the metric the buckets are ordered by, descending;
 *     -1 orders alphabetically ({@code _key}, ascending)
 */
public record Agg(String type, String schema, String field, String label, int size, int orderBy) {

    /** Number of documents. */
    public static Agg count(String label) {
        return new Agg("count", "metric", null, label, 0, 0);
    }

    public static Agg avg(String field, String label) {
        return new Agg("avg", "metric", field, label, 0, 0);
    }

    public static Agg sum(String field, String label) {
        return new Agg("sum", "metric", field, label, 0, 0);
    }

    public static Agg min(String field, String label) {
        return new Agg("min", "metric", field, label, 0, 0);
    }

    public static Agg max(String field, String label) {
        return new Agg("max", "metric", field, label, 0, 0);
    }

    /** Number of distinct values. */
    public static Agg cardinality(String field, String label) {
        return new Agg("cardinality", "metric", field, label, 0, 0);
    }

    /** The field's value in the latest document ({@code @timestamp} descending) of the bucket. */
    public static Agg latest(String field, String label) {
        return new Agg("top_hits", "metric", field, label, 1, 0);
    }

    /** The x-axis of a chart over time, Kibana's automatic interval. */
    public static Agg overTime(String timeField) {
        return new Agg("date_histogram", "segment", timeField, "", 0, 0);
    }

    /** Series split by a field's top {@code size} values, by the first metric. */
    public static Agg splitSeries(String field, int size) {
        return new Agg("terms", "group", field, "", size, 0);
    }

    /** One chart per top {@code size} value of a field, by the metric at {@code orderBy}. */
    public static Agg splitCharts(String field, int size, int orderBy) {
        return new Agg("terms", "split", field, "", size, orderBy);
    }

    /** Table rows by a field's top {@code size} values, by the metric at {@code orderBy}. */
    public static Agg rows(String field, int size, int orderBy, String label) {
        return new Agg("terms", "bucket", field, label, size, orderBy);
    }

    /** Table rows by a field's values in alphabetical order. */
    public static Agg rowsByName(String field, int size, String label) {
        return new Agg("terms", "bucket", field, label, size, -1);
    }

    boolean isMetric() {
        return schema.equals("metric");
    }

    /** The agg as {@code visState} writes it; {@code metricIds} are the ids of the metrics. */
    ObjectNode toJson(String id, String timeField, String[] metricIds) {
        ObjectNode a = SavedObject.JSON.createObjectNode();
        a.put("id", id);
        a.put("enabled", true);
        a.put("type", type);
        a.put("schema", schema);
        ObjectNode p = a.putObject("params");
        switch (type) {
            case "count":
                break;
            case "top_hits":
                p.put("field", field);
                p.put("aggregate", "concat");
                p.put("size", 1);
                p.put("sortField", timeField);
                p.put("sortOrder", "desc");
                break;
            case "date_histogram":
                p.put("field", field);
                p.putObject("timeRange").put("from", "now-24h").put("to", "now");
                p.put("useNormalizedEsInterval", true);
                p.put("scaleMetricValues", false);
                p.put("interval", "auto");
                p.put("drop_partials", false);
                p.put("min_doc_count", 1);
                p.putObject("extended_bounds");
                break;
            case "terms":
                p.put("field", field);
                if (orderBy < 0) {
                    p.put("orderBy", "_key");
                    p.put("order", "asc");
                } else {
                    p.put("orderBy", metricIds[orderBy]);
                    p.put("order", "desc");
                }
                p.put("size", size);
                p.put("otherBucket", false);
                p.put("otherBucketLabel", "Other");
                p.put("missingBucket", false);
                p.put("missingBucketLabel", "Missing");
                break;
            default:
                p.put("field", field);
        }
        if (!label.isEmpty()) {
            p.put("customLabel", label);
        }
        return a;
    }
}
