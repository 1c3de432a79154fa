package dev.weft.agent.ops;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.weft.agent.ops.AlertRulesTest.config;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardTest {

    private static final String CONFIG = """
            service: {name: shop}
            instrument:
              - name: checkout
                class: acme.shop.Checkout
                record: [timer, count, errors, inflight]
              - name: usage
                class: acme.shop.Usage
                record: [count]
                metric: shop_usage
                labels: {region: arg0}
                value: arg1
            slos:
              - {name: checkout-latency, selector: checkout, latency: {percentile: 95, below: 250ms}}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> dashboard(String yaml) {
        // JSON is YAML: SnakeYAML reads it back without a JSON library
        return new Yaml().load(Dashboard.generate(config(yaml)));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> panels(Map<String, Object> dashboard) {
        return (List<Map<String, Object>>) dashboard.get("panels");
    }

    @SuppressWarnings("unchecked")
    private static List<String> exprs(Map<String, Object> panel) {
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> target : (List<Map<String, Object>>) panel.get("targets")) {
            exprs.add((String) target.get("expr"));
        }
        return exprs;
    }

    @Test
    void hasDatasourceAndJobVariablesAndTheSchemaVersion() {
        Map<String, Object> dashboard = dashboard(CONFIG);
        assertEquals(39, dashboard.get("schemaVersion"));
        assertEquals("weft-shop", dashboard.get("uid"));
        String templating = dashboard.get("templating").toString();
        assertTrue(templating.contains("name=datasource, label=Data source, type=datasource, query=prometheus"), templating);
        assertTrue(templating.contains("label_values(weft_woven_methods{selector=~\"checkout|usage\"}, job)"), templating);
        for (Map<String, Object> panel : panels(dashboard)) {
            if (!"row".equals(panel.get("type"))) {
                assertEquals(Map.of("type", "prometheus", "uid", "${datasource}"), panel.get("datasource"));
                exprs(panel).forEach(expr -> assertTrue(expr.contains("job=~\"$job\""), expr));
            }
        }
    }

    @Test
    void panelsPerSelectorFollowWhatItRecords() {
        List<String> titles = panels(dashboard(CONFIG)).stream().map(p -> (String) p.get("title")).toList();
        assertEquals(List.of("Service level objectives", "SLOs met", "Latency SLOs: percentile and target",
                "Selector checkout (class acme.shop.Checkout)", "Calls per second", "Error ratio", "Latency heatmap",
                "Latency quantiles", "In flight",
                "Selector usage (class acme.shop.Usage)", "Calls per second", "Value per second",
                "JVM", "Heap used", "GC time", "Threads", "CPU", "Non-heap used", "Classes loaded"), titles);
    }

    @Test
    void queriesUseTheSelectorsSeries() {
        List<Map<String, Object>> panels = panels(dashboard(CONFIG));
        Map<String, Object> heatmap = panels.stream().filter(p -> "heatmap".equals(p.get("type"))).findFirst().orElseThrow();
        assertEquals(List.of("sum by (le) (rate(weft_method_duration_seconds_bucket{selector=\"checkout\",job=~\"$job\"}[$__rate_interval]))"),
                exprs(heatmap));
        // usage has a metric name and a captured label: its calls are grouped by it
        Map<String, Object> usageCalls = panels.get(10);
        assertEquals(List.of("sum by (class, method, region) (rate(shop_usage_calls_total{selector=\"usage\",job=~\"$job\"}[$__rate_interval]))"),
                exprs(usageCalls));
        assertEquals(List.of("sum by (class, method, region) (rate(shop_usage_total{selector=\"usage\",job=~\"$job\"}[$__rate_interval]))"),
                exprs(panels.get(11)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void panelsHaveUniqueIdsAndDoNotOverlap() {
        Set<Object> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (Map<String, Object> panel : panels(dashboard(CONFIG))) {
            assertTrue(ids.add(panel.get("id")), "duplicate id " + panel.get("id"));
            Map<String, Integer> grid = (Map<String, Integer>) panel.get("gridPos");
            assertTrue(grid.get("x") + grid.get("w") <= 24, panel.toString());
            for (int x = grid.get("x"); x < grid.get("x") + grid.get("w"); x++) {
                for (int y = grid.get("y"); y < grid.get("y") + grid.get("h"); y++) {
                    assertTrue(cells.add(x + "," + y), "panel " + panel.get("title") + " overlaps another at " + x + "," + y);
                }
            }
        }
    }

    @Test
    void withoutRuntimeMetricsOrSlosThoseSectionsAreLeftOut() {
        List<String> titles = panels(dashboard("instrument:\n  - {name: a, class: a.B}\nmetrics: {runtime: false}\n"))
                .stream().map(p -> (String) p.get("title")).toList();
        assertFalse(titles.contains("JVM"));
        assertFalse(titles.contains("Service level objectives"));
        assertEquals("Selector a (class a.B)", titles.get(0));
    }

    @Test
    void theSameConfigGivesTheSameDashboard() {
        assertEquals(Dashboard.generate(config(CONFIG)), Dashboard.generate(config(CONFIG)));
    }
}
