package io.vigil.jobs.kibana;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A dashboard: panels of visualizations and saved searches on Kibana's grid, 48 columns wide, laid
 * out in rows from the top. It opens on the last {@code timeFrom} (e.g. {@code now-24h}).
 *
 * @param id saved-object id
 * @param title the dashboard's title
 * @param description what it is for
 * @param timeFrom the time range it opens with, up to now
 * @param panels the panels, in the order laid out
 */
public record Dashboard(
        String id, String title, String description, String timeFrom, List<Panel> panels) {

    /** Kibana's dashboard grid is 48 columns wide. */
    public static final int GRID_COLUMNS = 48;

    public Dashboard {
        panels = List.copyOf(panels);
    }

    /**
     * One panel: the object shown and its place on the grid.
     *
     * @param type {@code visualization} or {@code search}
     * @param objectId the visualization's or search's id
     */
    public record Panel(String type, String objectId, int x, int y, int w, int h) {
        public Panel {
            if (x < 0 || w <= 0 || x + w > GRID_COLUMNS || y < 0 || h <= 0) {
                throw new IllegalArgumentException(
                        objectId + ": panel outside the 48-column grid: x " + x + " w " + w);
            }
        }
    }

    /** Lays out panels row by row: each row has a height and panels of given widths. */
    public static final class Layout {
        private final List<Panel> panels = new ArrayList<>();
        private int y;
        private int x;
        private int rowHeight;

        /** Starts a new row of this height. */
        public Layout row(int height) {
            y += rowHeight;
            x = 0;
            rowHeight = height;
            return this;
        }

        public Layout vis(String id, int width) {
            return add("visualization", id, width);
        }

        public Layout search(String id, int width) {
            return add("search", id, width);
        }

        private Layout add(String type, String id, int width) {
            panels.add(new Panel(type, id, x, y, width, rowHeight));
            x += width;
            return this;
        }

        public List<Panel> panels() {
            return List.copyOf(panels);
        }
    }

    SavedObject toSavedObject() {
        ArrayNode panelsJson = SavedObject.JSON.createArrayNode();
        List<SavedObject.Reference> refs = new ArrayList<>();
        for (int i = 0; i < panels.size(); i++) {
            Panel p = panels.get(i);
            String index = String.valueOf(i + 1);
            ObjectNode panel = panelsJson.addObject();
            panel.put("version", SavedObject.PANEL_VERSION);
            panel.putObject("gridData")
                    .put("x", p.x())
                    .put("y", p.y())
                    .put("w", p.w())
                    .put("h", p.h())
                    .put("i", index);
            panel.put("panelIndex", index);
            panel.putObject("embeddableConfig");
            panel.put("panelRefName", "panel_" + i);
            refs.add(new SavedObject.Reference("panel_" + i, p.type(), p.objectId()));
        }
        ObjectNode a = SavedObject.JSON.createObjectNode();
        a.put("title", title);
        a.put("description", description);
        a.put("hits", 0);
        a.put("panelsJSON", panelsJson.toString());
        a.put("optionsJSON", "{\"hidePanelTitles\":false,\"useMargins\":true}");
        a.put("version", 1);
        a.put("timeRestore", true);
        a.put("timeFrom", timeFrom);
        a.put("timeTo", "now");
        a.putObject("refreshInterval").put("pause", true).put("value", 0);
        a.putObject("kibanaSavedObjectMeta")
                .put("searchSourceJSON", SavedSearch.searchSource("", false));
        return new SavedObject(id, "dashboard", a, refs);
    }
}
