package dev.weft.agent.ops;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertRulesTest {

    static WeftConfig config(String yaml) {
        ConfigResult result = ConfigLoader.parse(yaml, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems(), "the test's config must be valid");
        return result.config();
    }

    private static final String CONFIG = """
            service: {name: shop}
            instrument:
              - name: checkout
                class: acme.shop.Checkout
                record: [timer, errors]
              - name: counted
                class: acme.shop.Counted
                record: [count, errors]
              - name: usage
                class: acme.shop.Usage
                record: [count]
            slos:
              - name: fast-checkout
                selector: checkout
                latency: {percentile: 99.9, below: 1s}
                success: 99.95%
              - name: counted-success
                selector: counted
                success: 99%
            """;

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rules(String rules) {
        Map<String, Object> file = new Yaml().load(rules);
        List<Map<String, Object>> all = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
            all.addAll((List<Map<String, Object>>) group.get("rules"));
        }
        return all;
    }

    @Test
    void recordsTheBadRatioOfEveryObjectiveOverEveryWindow() {
        List<Map<String, Object>> rules = rules(AlertRules.generate(config(CONFIG), "RUNBOOK.md"));
        List<String> recorded = rules.stream().filter(r -> r.containsKey("record"))
                .map(r -> r.get("record") + " " + r.get("labels")).toList();
        // three objectives, seven windows each
        assertEquals(21, recorded.size(), String.join("\n", recorded));
        assertTrue(recorded.contains("job:weft_slo_bad_ratio:rate3d {slo=fast-checkout, objective=latency, selector=checkout}"));
        assertTrue(recorded.contains("job:weft_slo_bad_ratio:rate5m {slo=counted-success, objective=success, selector=counted}"));
    }

    @Test
    void latencyCountsCallsAboveTheThresholdBucketInEitherSpellingOfItsBound() {
        String rules = AlertRules.generate(config(CONFIG), "RUNBOOK.md");
        assertTrue(rules.contains("sum by (job) (rate(weft_method_duration_seconds_bucket{selector=\"checkout\",le=~\"1|1\\\\.0\"}[1h]))"),
                rules);
        assertEquals("le=\"0.25\"", PromQl.le(0.25));
        assertEquals("le=\"2.5\"", PromQl.le(2.5));
        assertEquals("le=~\"0\\\\.0005|5\\\\.0E-4\"", PromQl.le(0.0005));
    }

    @Test
    void successUsesTheCallCounterWhenThereIsNoTimerAndCountsNoErrorSeriesAsZero() {
        Map<String, Object> rule = rules(AlertRules.generate(config(CONFIG), "RUNBOOK.md")).stream()
                .filter(r -> "job:weft_slo_bad_ratio:rate30m".equals(r.get("record"))
                        && "counted-success".equals(((Map<?, ?>) r.get("labels")).get("slo")))
                .findFirst().orElseThrow();
        assertEquals("""
                (
                  sum by (job) (rate(weft_method_errors_total{selector="counted"}[30m]))
                  or
                  0 * sum by (job) (rate(weft_method_calls_total{selector="counted"}[30m]))
                )
                /
                sum by (job) (rate(weft_method_calls_total{selector="counted"}[30m]))""", rule.get("expr"));
    }

    @Test
    void burnRateThresholdsAreTheWorkbooksTimesTheExactBudget() {
        List<Map<String, Object>> rules = rules(AlertRules.generate(config(CONFIG), "RUNBOOK.md"));
        List<String> exprs = rules.stream().filter(r -> "WeftSloBurnRateFast".equals(r.get("alert")))
                .map(r -> (String) r.get("expr")).toList();
        assertEquals(List.of(
                "job:weft_slo_bad_ratio:rate1h{slo=\"fast-checkout\",objective=\"latency\"} > 14.4 * 0.001\nand\n"
                        + "job:weft_slo_bad_ratio:rate5m{slo=\"fast-checkout\",objective=\"latency\"} > 14.4 * 0.001",
                "job:weft_slo_bad_ratio:rate1h{slo=\"fast-checkout\",objective=\"success\"} > 14.4 * 0.0005\nand\n"
                        + "job:weft_slo_bad_ratio:rate5m{slo=\"fast-checkout\",objective=\"success\"} > 14.4 * 0.0005",
                "job:weft_slo_bad_ratio:rate1h{slo=\"counted-success\",objective=\"success\"} > 14.4 * 0.01\nand\n"
                        + "job:weft_slo_bad_ratio:rate5m{slo=\"counted-success\",objective=\"success\"} > 14.4 * 0.01"), exprs);
        Map<String, String> severities = new java.util.TreeMap<>();
        rules.stream().filter(r -> r.containsKey("alert")).forEach(r -> severities.put((String) r.get("alert"),
                (String) ((Map<?, ?>) r.get("labels")).get("severity")));
        assertEquals(Map.of("WeftSloBurnRateFast", "page", "WeftSloBurnRateMedium", "page", "WeftSloBurnRateSlow", "ticket",
                "WeftSloBurnRateSteady", "ticket", "WeftSloViolated", "warning", "WeftHighErrorRatio", "warning",
                "WeftHighLatency", "warning"), severities);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlertHasSummaryDescriptionAndARunbookLinkUnderTheGivenBase() {
        List<Map<String, Object>> rules = rules(AlertRules.generate(config(CONFIG), "https://wiki.example/weft"));
        for (Map<String, Object> rule : rules) {
            if (rule.containsKey("alert")) {
                Map<String, String> annotations = (Map<String, String>) rule.get("annotations");
                assertEquals(new TreeSet<>(List.of("summary", "description", "runbook_url")), new TreeSet<>(annotations.keySet()));
                assertEquals("https://wiki.example/weft#" + ((String) rule.get("alert")).toLowerCase(), annotations.get("runbook_url"));
            }
        }
    }

    @Test
    void perSelectorAlertsOnlyWhereTheSeriesExist() {
        List<Map<String, Object>> rules = rules(AlertRules.generate(config(CONFIG), "RUNBOOK.md"));
        List<String> selectorAlerts = rules.stream().filter(r -> r.containsKey("alert") && !((String) r.get("alert")).startsWith("WeftSlo"))
                .map(r -> r.get("alert") + " " + ((Map<?, ?>) r.get("labels")).get("selector")).toList();
        // usage records only count: no error ratio, no latency
        assertEquals(List.of("WeftHighErrorRatio checkout", "WeftHighLatency checkout", "WeftHighErrorRatio counted"), selectorAlerts);
    }

    @Test
    void namesThatNeedEscapingStayValidPromQlAndYaml() {
        String rules = AlertRules.generate(config("""
                service: {name: "odd \\"svc\\""}
                instrument:
                  - {name: "we\\\\ird \\"one\\"", class: a.B}
                slos:
                  - {name: "slo \\"x\\"", selector: "we\\\\ird \\"one\\"", success: 99%}
                """), "RUNBOOK.md");
        List<Map<String, Object>> parsed = rules(rules);
        Map<String, Object> first = parsed.get(0);
        assertEquals(Map.of("slo", "slo \"x\"", "objective", "success", "selector", "we\\ird \"one\""), first.get("labels"));
        assertTrue(((String) first.get("expr")).contains("{selector=\"we\\\\ird \\\"one\\\"\"}"), (String) first.get("expr"));
    }

    @Test
    void aConfigWithoutSlosOrTimersStillGivesAValidFile() {
        String rules = AlertRules.generate(config("instrument:\n  - {name: a, class: a.B, record: [count]}\n"), "RUNBOOK.md");
        Map<String, Object> file = new Yaml().load(rules);
        assertEquals(List.of(), file.get("groups"));
    }

    @Test
    void theSameConfigGivesTheSameFile() {
        assertEquals(AlertRules.generate(config(CONFIG), "RUNBOOK.md"), AlertRules.generate(config(CONFIG), "RUNBOOK.md"));
    }

    @Test
    void theRunbookHasASectionForEveryAlert() throws IOException {
        String runbook = Files.readString(Path.of("../config/RUNBOOK.md"));
        for (String alert : AlertRules.alertNames()) {
            assertTrue(runbook.contains("\n## " + alert + "\n"), "config/RUNBOOK.md has no section '## " + alert + "'");
        }
        List<Map<String, Object>> rules = rules(AlertRules.generate(config(CONFIG), "RUNBOOK.md"));
        rules.stream().filter(r -> r.containsKey("alert"))
                .forEach(r -> assertTrue(AlertRules.alertNames().contains((String) r.get("alert")), (String) r.get("alert")));
        assertFalse(AlertRules.alertNames().isEmpty());
    }
}
