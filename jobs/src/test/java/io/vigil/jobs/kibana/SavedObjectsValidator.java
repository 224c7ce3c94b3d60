package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks NDJSON saved objects against the Kibana 7.10 contract ({@code
 * ../shared/contracts/kibana/README.md}) and against the fields of Vigil's index templates: every
 * problem found is one line in {@link #problems}, empty when the objects are valid.
 */
final class SavedObjectsValidator {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final Set<String> ENVELOPE =
            Set.of("id", "type", "migrationVersion", "attributes", "references");

    static final Set<String> VIS_TYPES =
            Set.of("line", "area", "histogram", "table", "metric", "markdown");

    /** The aggregation schemas each visualization type takes. */
    static final Map<String, Set<String>> SCHEMAS =
            Map.of(
                    "line", Set.of("metric", "segment", "group", "split"),
                    "area", Set.of("metric", "segment", "group", "split"),
                    "histogram", Set.of("metric", "segment", "group", "split"),
                    "table", Set.of("metric", "bucket", "split"),
                    "metric", Set.of("metric", "group"),
                    "markdown", Set.of());

    private static final Pattern KQL_FIELD =
            Pattern.compile("([A-Za-z_@][A-Za-z0-9_.@]*)\\s*(:|>=|<=|>|<)");

    private final List<IndexFields.Template> templates;
    private final List<String> problems = new ArrayList<>();

    SavedObjectsValidator(List<IndexFields.Template> templates) {
        this.templates = templates;
    }

    /**
     * Every problem of the files' objects, as {@code "<id>: <problem>"}. Files are imported in the
     * order given: a reference must be to an object of an earlier file or the same one.
     */
    List<String> problems(Map<String, String> files) {
        problems.clear();
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        Map<String, Integer> fileOf = new HashMap<>();
        int fileIndex = 0;
        List<JsonNode> all = new ArrayList<>();
        for (Map.Entry<String, String> file : files.entrySet()) {
            if (!file.getKey().endsWith(".ndjson")) {
                problem(file.getKey(), "a file Kibana imports must be named *.ndjson");
            }
            if (!file.getValue().endsWith("\n")) {
                problem(file.getKey(), "the last line has no newline");
            }
            int lineNo = 0;
            for (String line : file.getValue().split("\n")) {
                lineNo++;
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    problem(file.getKey() + ":" + lineNo, "not JSON: " + e.getMessage());
                    continue;
                }
                String id = o.path("id").asText();
                if (byId.put(id, o) != null) {
                    problem(id, "id used twice");
                }
                fileOf.put(id, fileIndex);
                all.add(o);
            }
            fileIndex++;
        }
        Map<String, IndexFields.Template> patterns = new HashMap<>();
        for (JsonNode o : all) {
            if (o.path("type").asText().equals("index-pattern")) {
                patterns.put(o.path("id").asText(), indexPattern(o));
            }
        }
        for (JsonNode o : all) {
            String id = o.path("id").asText();
            envelope(o);
            for (JsonNode r : o.path("references")) {
                JsonNode target = byId.get(r.path("id").asText());
                if (target == null) {
                    problem(id, "reference " + r.path("name").asText() + " to a missing object");
                } else if (!target.path("type").asText().equals(r.path("type").asText())) {
                    problem(id, "reference " + r.path("name").asText() + " has the wrong type");
                } else if (fileOf.get(target.path("id").asText()) > fileOf.get(id)) {
                    problem(id, "refers to " + target.path("id").asText() + " of a later file");
                }
            }
            switch (o.path("type").asText()) {
                case "search":
                    search(o, patterns, byId);
                    break;
                case "visualization":
                    visualization(o, patterns, byId);
                    break;
                case "dashboard":
                    dashboard(o);
                    break;
                default:
                    break;
            }
        }
        return List.copyOf(problems);
    }

    private void problem(String id, String text) {
        problems.add(id + ": " + text);
    }

    private void envelope(JsonNode o) {
        String id = o.path("id").asText();
        Set<String> keys = new TreeSet<>();
        o.fieldNames().forEachRemaining(keys::add);
        if (!keys.equals(new TreeSet<>(ENVELOPE))) {
            problem(id, "envelope keys " + keys + ", expected " + new TreeSet<>(ENVELOPE));
        }
        if (!id.startsWith("vigil-")) {
            problem(id, "ids of Vigil's objects start with vigil-");
        }
        String type = o.path("type").asText();
        String version = SavedObject.MIGRATION_VERSIONS.get(type);
        if (version == null) {
            problem(id, "type " + type + " is not one Vigil ships");
        } else if (!o.path("migrationVersion").equals(JSON.createObjectNode().put(type, version))) {
            problem(id, "migrationVersion must be {\"" + type + "\":\"" + version + "\"}");
        }
        if (!o.path("attributes").isObject() || !o.path("references").isArray()) {
            problem(id, "attributes must be an object, references an array");
        }
        for (JsonNode r : o.path("references")) {
            if (!r.path("name").isTextual()
                    || !r.path("type").isTextual()
                    || !r.path("id").isTextual()
                    || r.size() != 3) {
                problem(id, "a reference is {name, type, id}: " + r);
            }
        }
        if (!o.at("/attributes/title").isTextual()
                || o.at("/attributes/title").asText().isEmpty()) {
            problem(id, "no title");
        }
    }

    /** A double-encoded attribute parsed, or null (and a problem) when it is not JSON text. */
    private JsonNode encoded(JsonNode o, String pointer) {
        JsonNode text = o.at(pointer);
        if (!text.isTextual()) {
            problem(o.path("id").asText(), pointer + " must be a JSON string");
            return null;
        }
        try {
            return JSON.readTree(text.asText());
        } catch (IOException e) {
            problem(o.path("id").asText(), pointer + " does not parse: " + e.getMessage());
            return null;
        }
    }

    private IndexFields.Template indexPattern(JsonNode o) {
        String id = o.path("id").asText();
        String title = o.at("/attributes/title").asText();
        JsonNode fields = encoded(o, "/attributes/fields");
        if (fields != null && !fields.isArray()) {
            problem(id, "fields must encode an array");
        }
        JsonNode formats = encoded(o, "/attributes/fieldFormatMap");
        IndexFields.Template template =
                templates.stream().filter(t -> t.matches(title)).findFirst().orElse(null);
        if (template == null) {
            problem(id, "no index template of Vigil's writes " + title);
            return null;
        }
        JsonNode time = o.at("/attributes/timeFieldName");
        if (!time.isMissingNode()) {
            IndexFields.Field f = template.field(time.asText());
            if (f == null || !f.type().equals("date")) {
                problem(id, "time field " + time.asText() + " is not a date of " + title);
            }
        }
        if (formats != null) {
            formats.fieldNames()
                    .forEachRemaining(
                            name -> {
                                IndexFields.Field f = template.field(name);
                                if (f == null || !f.numeric()) {
                                    problem(id, "formatted field " + name + " is not a number");
                                }
                                String format = formats.path(name).path("id").asText();
                                if (!Set.of("duration", "bytes", "percent", "number")
                                        .contains(format)) {
                                    problem(id, "unknown field format " + format);
                                }
                            });
        }
        return template;
    }

    /** The index pattern a search source reads, checking its indexRefName; null if none. */
    private String indexOf(JsonNode o, JsonNode source) {
        String id = o.path("id").asText();
        if (source == null) {
            return null;
        }
        if (!source.at("/query/language").asText().equals("kuery")
                || !source.at("/query/query").isTextual()
                || !source.path("filter").isArray()) {
            problem(id, "searchSourceJSON needs query {query, language: kuery} and filter []");
        }
        if (!source.has("indexRefName")) {
            return null;
        }
        String ref = source.path("indexRefName").asText();
        for (JsonNode r : o.path("references")) {
            if (r.path("name").asText().equals(ref)) {
                if (!r.path("type").asText().equals("index-pattern")) {
                    problem(id, "indexRefName " + ref + " is not an index pattern");
                }
                return r.path("id").asText();
            }
        }
        problem(id, "indexRefName " + ref + " has no reference");
        return null;
    }

    private void search(
            JsonNode o, Map<String, IndexFields.Template> patterns, Map<String, JsonNode> byId) {
        String id = o.path("id").asText();
        JsonNode a = o.path("attributes");
        JsonNode source = encoded(o, "/attributes/kibanaSavedObjectMeta/searchSourceJSON");
        String pattern = indexOf(o, source);
        if (pattern == null) {
            problem(id, "a saved search reads an index pattern");
            return;
        }
        IndexFields.Template t = patterns.get(pattern);
        if (!a.path("columns").isArray() || a.path("columns").isEmpty()) {
            problem(id, "no columns");
        }
        if (a.path("version").asInt() != 1 || !a.path("hits").isNumber()) {
            problem(id, "version 1 and hits are required");
        }
        if (t == null) {
            return;
        }
        for (JsonNode c : a.path("columns")) {
            if (t.field(c.asText()) == null) {
                problem(id, "column " + c.asText() + " is not a field of " + pattern);
            }
        }
        for (JsonNode s : a.path("sort")) {
            if (!s.isArray()
                    || s.size() != 2
                    || !Set.of("asc", "desc").contains(s.get(1).asText())) {
                problem(id, "sort is [[field, asc|desc], …]");
                continue;
            }
            IndexFields.Field f = t.field(s.get(0).asText());
            if (f == null || !f.aggregatable()) {
                problem(id, "sort field " + s.get(0).asText() + " is not sortable");
            }
        }
        kqlFields(id, source == null ? "" : source.at("/query/query").asText(), t, pattern);
    }

    private void kqlFields(String id, String kql, IndexFields.Template t, String pattern) {
        Matcher m = KQL_FIELD.matcher(kql.replaceAll("\"[^\"]*\"", "\"\""));
        while (m.find()) {
            if (t.field(m.group(1)) == null) {
                problem(id, "the query's field " + m.group(1) + " is not a field of " + pattern);
            }
        }
    }

    private void visualization(
            JsonNode o, Map<String, IndexFields.Template> patterns, Map<String, JsonNode> byId) {
        String id = o.path("id").asText();
        JsonNode a = o.path("attributes");
        JsonNode vis = encoded(o, "/attributes/visState");
        JsonNode ui = encoded(o, "/attributes/uiStateJSON");
        JsonNode source = encoded(o, "/attributes/kibanaSavedObjectMeta/searchSourceJSON");
        if (vis == null || ui == null) {
            return;
        }
        if (!vis.path("title").asText().equals(a.path("title").asText())) {
            problem(id, "visState.title differs from the title");
        }
        String type = vis.path("type").asText();
        if (!VIS_TYPES.contains(type)) {
            problem(id, "visualization type " + type + " is not one of " + VIS_TYPES);
            return;
        }
        String pattern = indexOf(o, source);
        String kql = source == null ? "" : source.at("/query/query").asText();
        if (a.has("savedSearchRefName")) {
            String ref = a.path("savedSearchRefName").asText();
            JsonNode search = null;
            for (JsonNode r : o.path("references")) {
                if (r.path("name").asText().equals(ref)
                        && r.path("type").asText().equals("search")) {
                    search = byId.get(r.path("id").asText());
                }
            }
            if (search == null) {
                problem(id, "savedSearchRefName " + ref + " has no search reference");
            } else {
                JsonNode searchSource =
                        encoded(search, "/attributes/kibanaSavedObjectMeta/searchSourceJSON");
                pattern = indexOf(search, searchSource);
            }
        }
        if (type.equals("markdown")) {
            if (!vis.at("/params/markdown").isTextual() || vis.path("aggs").size() != 0) {
                problem(id, "markdown has params.markdown and no aggs");
            }
            return;
        }
        if (pattern == null) {
            problem(id, "a " + type + " visualization reads an index pattern or a saved search");
            return;
        }
        IndexFields.Template t = patterns.get(pattern);
        if (t == null) {
            problem(id, "reads " + pattern + ", which is no index pattern of the files");
            return;
        }
        kqlFields(id, kql, t, pattern);
        Set<String> aggIds = new HashSet<>();
        Set<String> metricIds = new HashSet<>();
        int metrics = 0;
        for (JsonNode agg : vis.path("aggs")) {
            if (!aggIds.add(agg.path("id").asText())) {
                problem(id, "agg id " + agg.path("id").asText() + " used twice");
            }
            if (agg.path("schema").asText().equals("metric")) {
                metrics++;
                metricIds.add(agg.path("id").asText());
            }
        }
        if (metrics == 0) {
            problem(id, "no metric");
        }
        for (JsonNode agg : vis.path("aggs")) {
            agg(id, type, agg, t, pattern, metricIds);
        }
        if (Set.of("line", "area", "histogram").contains(type)) {
            JsonNode series = vis.at("/params/seriesParams");
            if (series.size() != metrics) {
                problem(id, "seriesParams must have one entry per metric");
            }
            Set<String> axes = new HashSet<>();
            vis.at("/params/valueAxes").forEach(ax -> axes.add(ax.path("id").asText()));
            for (JsonNode s : series) {
                if (!metricIds.contains(s.at("/data/id").asText())
                        || !axes.contains(s.path("valueAxis").asText())) {
                    problem(id, "series " + s.at("/data/id").asText() + " has no metric or axis");
                }
            }
        }
    }

    private void agg(
            String id,
            String visType,
            JsonNode agg,
            IndexFields.Template t,
            String pattern,
            Set<String> metricIds) {
        String type = agg.path("type").asText();
        String schema = agg.path("schema").asText();
        if (!SCHEMAS.get(visType).contains(schema)) {
            problem(id, "schema " + schema + " is not one of a " + visType);
        }
        if (!agg.path("enabled").asBoolean(false)) {
            problem(id, "agg " + agg.path("id").asText() + " is disabled");
        }
        JsonNode params = agg.path("params");
        if (type.equals("count")) {
            return;
        }
        String name = params.path("field").asText();
        IndexFields.Field f = t.field(name);
        String where = "agg " + type + " on " + name + ": ";
        if (f == null) {
            problem(id, where + "not a field of " + pattern);
            return;
        }
        switch (type) {
            case "avg":
            case "sum":
                if (!f.numeric()) {
                    problem(id, where + "needs a number, is " + f.type());
                }
                break;
            case "min":
            case "max":
                if (!f.numeric() && !f.type().equals("date")) {
                    problem(id, where + "needs a number or date, is " + f.type());
                }
                break;
            case "date_histogram":
                if (!f.type().equals("date")) {
                    problem(id, where + "needs a date, is " + f.type());
                }
                break;
            case "terms":
                if (!f.aggregatable()) {
                    problem(id, where + "needs an aggregatable field, is " + f.type());
                }
                String orderBy = params.path("orderBy").asText();
                if (!orderBy.equals("_key") && !metricIds.contains(orderBy)) {
                    problem(id, where + "orderBy " + orderBy + " is no metric of it");
                }
                if (params.path("size").asInt() <= 0) {
                    problem(id, where + "size must be positive");
                }
                break;
            case "cardinality":
                if (!f.aggregatable()) {
                    problem(id, where + "needs an aggregatable field, is " + f.type());
                }
                break;
            case "top_hits":
                if (!f.aggregatable()) {
                    problem(id, where + "needs an aggregatable field, is " + f.type());
                }
                IndexFields.Field sort = t.field(params.path("sortField").asText());
                if (sort == null || !sort.type().equals("date")) {
                    problem(id, where + "sortField must be a date");
                }
                break;
            default:
                problem(id, "aggregation type " + type + " is not one Vigil's panels use");
        }
    }

    private void dashboard(JsonNode o) {
        String id = o.path("id").asText();
        JsonNode panels = encoded(o, "/attributes/panelsJSON");
        JsonNode options = encoded(o, "/attributes/optionsJSON");
        encoded(o, "/attributes/kibanaSavedObjectMeta/searchSourceJSON");
        if (panels == null || options == null) {
            return;
        }
        if (!panels.isArray() || panels.isEmpty()) {
            problem(id, "panelsJSON must encode a non-empty array");
            return;
        }
        Set<String> indices = new HashSet<>();
        List<int[]> boxes = new ArrayList<>();
        for (JsonNode p : panels) {
            JsonNode g = p.path("gridData");
            int x = g.path("x").asInt(-1);
            int y = g.path("y").asInt(-1);
            int w = g.path("w").asInt(0);
            int h = g.path("h").asInt(0);
            String index = p.path("panelIndex").asText();
            if (!p.path("version").asText().equals(SavedObject.PANEL_VERSION)) {
                problem(id, "panel " + index + " version must be " + SavedObject.PANEL_VERSION);
            }
            if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > Dashboard.GRID_COLUMNS) {
                problem(id, "panel " + index + " is outside the 48-column grid");
            }
            for (int[] b : boxes) {
                if (x < b[0] + b[2] && b[0] < x + w && y < b[1] + b[3] && b[1] < y + h) {
                    problem(id, "panel " + index + " overlaps another");
                }
            }
            boxes.add(new int[] {x, y, w, h});
            if (!g.path("i").asText().equals(index) || !indices.add(index)) {
                problem(id, "panel " + index + ": panelIndex must equal gridData.i, once");
            }
            String ref = p.path("panelRefName").asText();
            boolean found = false;
            for (JsonNode r : o.path("references")) {
                found |= r.path("name").asText().equals(ref);
            }
            if (!found) {
                problem(id, "panelRefName " + ref + " has no reference");
            }
        }
        JsonNode a = o.path("attributes");
        if (a.path("timeRestore").asBoolean()
                && (!a.path("timeFrom").isTextual() || !a.path("refreshInterval").isObject())) {
            problem(id, "timeRestore needs timeFrom, timeTo and refreshInterval");
        }
    }
}
