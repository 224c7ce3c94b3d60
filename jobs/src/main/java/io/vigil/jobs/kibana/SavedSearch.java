package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * A saved search (Discover): documents of an index pattern matching a KQL query, with the columns
 * shown and the sort.
 *
 * @param id saved-object id
 * @param title shown in Discover and as the panel title
 * @param description what the search is for
 * @param indexPattern the index pattern's id
 * @param kql the query ({@code ""}: every document)
 * @param columns the fields shown as columns
 * @param sortField the field sorted by, descending
 */
public record SavedSearch(
        String id,
        String title,
        String description,
        String indexPattern,
        String kql,
        List<String> columns,
        String sortField) {

    public SavedSearch {
        columns = List.copyOf(columns);
    }

    /** The reference name of the index in {@code searchSourceJSON}. */
    static final String INDEX_REF = "kibanaSavedObjectMeta.searchSourceJSON.index";

    SavedObject toSavedObject() {
        ObjectNode a = SavedObject.JSON.createObjectNode();
        a.put("title", title);
        a.put("description", description);
        a.put("hits", 0);
        ArrayNode cols = a.putArray("columns");
        columns.forEach(cols::add);
        a.putArray("sort").addArray().add(sortField).add("desc");
        a.put("version", 1);
        a.putObject("kibanaSavedObjectMeta").put("searchSourceJSON", searchSource(kql, true));
        return new SavedObject(
                id,
                "search",
                a,
                List.of(new SavedObject.Reference(INDEX_REF, "index-pattern", indexPattern)));
    }

    /** The {@code searchSourceJSON} string: the query, no filters, the index by reference. */
    static String searchSource(String kql, boolean withIndex) {
        ObjectNode s = SavedObject.JSON.createObjectNode();
        s.putObject("query").put("query", kql).put("language", "kuery");
        s.putArray("filter");
        if (withIndex) {
            s.put("indexRefName", INDEX_REF);
        }
        return s.toString();
    }
}
