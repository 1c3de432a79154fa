package dev.weft.agent.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lays Grafana panels out left to right, three to a line, each section under a row header, and
 * numbers them in order, so that the same config always gives the same dashboard.
 */
final class PanelGrid {

    static final Map<String, Object> DATASOURCE = obj("type", "prometheus", "uid", "${datasource}");

    private static final int WIDTH = 8;
    private static final int HEIGHT = 8;

    private final List<Object> panels = new ArrayList<>();
    private int id;
    private int x;
    private int y;

    /** An ordered JSON object of the dashboard model from key, value, key, value... */
    static Map<String, Object> obj(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    List<Object> panels() {
        return panels;
    }

    void row(String title) {
        newLine();
        panels.add(obj("type", "row", "id", ++id, "title", title, "collapsed", false, "panels", List.of(),
                "gridPos", obj("h", 1, "w", 24, "x", 0, "y", y)));
        y += 1;
    }

    /** A time series panel; each query is {expr, legend}. */
    void timeseries(String title, String description, String unit, List<String[]> queries) {
        place(panel("timeseries", title, description, queries,
                obj("defaults", obj("unit", unit, "min", 0, "custom", obj("fillOpacity", 10, "showPoints", "never")),
                        "overrides", List.of()),
                obj("legend", obj("displayMode", "list", "placement", "bottom", "showLegend", true),
                        "tooltip", obj("mode", "multi", "sort", "desc"))));
    }

    /** A heatmap of a histogram's buckets, as Prometheus serves them (no re-bucketing in Grafana). */
    void heatmap(String title, String description, String bucketRates) {
        Map<String, Object> panel = panel("heatmap", title, description,
                List.<String[]>of(new String[] {bucketRates, "{{le}}"}),
                obj("defaults", obj(), "overrides", List.of()),
                obj("calculate", false, "cellGap", 1,
                        "color", obj("mode", "scheme", "scheme", "Oranges", "steps", 64),
                        "yAxis", obj("axisPlacement", "left", "unit", "s"),
                        "rowsFrame", obj("layout", "le"),
                        "tooltip", obj("mode", "single", "yHistogram", false),
                        "legend", obj("show", true)));
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) ((List<Object>) panel.get("targets")).get(0);
        target.put("format", "heatmap");
        place(panel);
    }

    /** A stat panel showing 1 as "met" (green) and 0 as "violated" (red). */
    void metStat(String title, String description, String expr, String legend) {
        Map<String, Object> mappings = obj("type", "value", "options", obj(
                "0", obj("text", "violated", "color", "red", "index", 0),
                "1", obj("text", "met", "color", "green", "index", 1)));
        place(panel("stat", title, description, List.<String[]>of(new String[] {expr, legend}),
                obj("defaults", obj("mappings", List.of(mappings), "unit", "none",
                        "thresholds", obj("mode", "absolute", "steps", List.of(
                                obj("color", "red", "value", null), obj("color", "green", "value", 1)))),
                        "overrides", List.of()),
                obj("colorMode", "background", "graphMode", "none", "textMode", "value_and_name",
                        "reduceOptions", obj("calcs", List.of("lastNotNull"), "fields", "", "values", false))));
    }

    private Map<String, Object> panel(String type, String title, String description, List<String[]> queries,
                                      Map<String, Object> fieldConfig, Map<String, Object> options) {
        List<Object> targets = new ArrayList<>();
        for (String[] query : queries) {
            targets.add(obj("datasource", DATASOURCE, "expr", query[0], "legendFormat", query[1],
                    "refId", String.valueOf((char) ('A' + targets.size()))));
        }
        return obj("type", type, "id", 0, "title", title, "description", description, "datasource", DATASOURCE,
                "gridPos", null, "targets", targets, "fieldConfig", fieldConfig, "options", options);
    }

    private void place(Map<String, Object> panel) {
        if (x + WIDTH > 24) {
            newLine();
        }
        panel.put("id", ++id);
        panel.put("gridPos", obj("h", HEIGHT, "w", WIDTH, "x", x, "y", y));
        panels.add(panel);
        x += WIDTH;
    }

    private void newLine() {
        if (x > 0) {
            x = 0;
            y += HEIGHT;
        }
    }
}
