package dev.weft.agent.ops;

import dev.weft.agent.config.Selector;
import dev.weft.agent.config.Slo;
import dev.weft.agent.config.WeftConfig;

import java.util.List;
import java.util.Locale;

/**
 * Prometheus recording and alerting rules for the SLOs and selectors of one Weft config: a rule
 * file for {@code rule_files:}. The output depends on the config alone, so that a file generated
 * once and checked in can be compared with what the generator makes now.
 */
public final class AlertRules {

    /** Alert names, each a section of config/RUNBOOK.md. */
    public static final String SLO_VIOLATED = "WeftSloViolated";
    public static final String HIGH_ERROR_RATIO = "WeftHighErrorRatio";
    public static final String HIGH_LATENCY = "WeftHighLatency";

    /** Per selector: the share of calls that threw, over 5 minutes, above which it warns. */
    static final String ERROR_RATIO_THRESHOLD = "0.05";
    /** Per selector: the 99th percentile over 5 minutes, in seconds, above which it warns. */
    static final String P99_THRESHOLD_SECONDS = "1";
    /** How long the per-selector conditions must hold, so that a single slow scrape does not warn. */
    static final String SELECTOR_ALERT_FOR = "10m";
    /** The agent's own verdict is already a sliding window; one more minute rides out a flap. */
    static final String SLO_VIOLATED_FOR = "1m";

    static final String RATIO_RECORD = "job:weft_slo_bad_ratio:rate";

    private final WeftConfig config;
    private final String runbookBase;
    private final YamlText yaml = new YamlText();

    private AlertRules(WeftConfig config, String runbookBase) {
        this.config = config;
        this.runbookBase = runbookBase;
    }

    /** Every alert name the rules can hold, in the order RUNBOOK.md lists them. */
    public static List<String> alertNames() {
        List<String> names = new java.util.ArrayList<>();
        BurnRateAlert.ALL.forEach(alert -> names.add(alert.alert()));
        names.addAll(List.of(SLO_VIOLATED, HIGH_ERROR_RATIO, HIGH_LATENCY));
        return names;
    }

    /** The rule file for {@code config}; runbook links are {@code runbookBase#alertname}. */
    public static String generate(WeftConfig config, String runbookBase) {
        return new AlertRules(config, runbookBase).write();
    }

    private String write() {
        String service = config.serviceName();
        yaml.comment(0, """
                Prometheus rules for the service '%s', generated from its Weft config by
                  java -jar weft-agent.jar rules --config <config>
                Do not edit: change the config and generate again.

                SLO alerts are the multi-window, multi-burn-rate alerts of the Google SRE workbook
                ("Alerting on SLOs") for an SLO period of 30 days. A burn rate of 1 spends exactly the
                error budget in 30 days; each alert fires while the share of bad calls exceeds
                burn rate x budget over both its long and its short window:
                  WeftSloBurnRateFast    page    14.4x over 1h and 5m   (2%% of the budget in 1 hour)
                  WeftSloBurnRateMedium  page    6x    over 6h and 30m  (5%% of the budget in 6 hours)
                  WeftSloBurnRateSlow    ticket  3x    over 1d and 2h   (10%% of the budget in 1 day)
                  WeftSloBurnRateSteady  ticket  1x    over 3d and 6h   (10%% of the budget in 3 days)
                WeftSloViolated (warning) is the agent's own evaluation over the SLO's window
                (weft_slo_met). Per selector: WeftHighErrorRatio (warning) above %s%% of calls
                throwing over 5m, WeftHighLatency (warning) when p99 over 5m is above %s s, both for %s.""".formatted(
                service, PromQl.decimal(new java.math.BigDecimal(ERROR_RATIO_THRESHOLD).movePointRight(2)),
                P99_THRESHOLD_SECONDS, SELECTOR_ALERT_FOR));
        yaml.line(0, "groups:");
        boolean any = false;
        for (Slo slo : config.slos()) {
            Selector selector = selector(slo.selector());
            if (selector != null) {
                sloGroup(slo, new SelectorSeries(selector));
                any = true;
            }
        }
        List<SelectorSeries> alerting = config.instrument().stream().map(SelectorSeries::new)
                .filter(s -> s.errorsAndTotal() || s.timed()).toList();
        if (!alerting.isEmpty()) {
            selectorGroup(alerting);
            any = true;
        }
        if (!any) {
            // promtool accepts an empty list; a config without SLOs or timers still gets a valid file
            return yaml.toString().replace("groups:\n", "groups: []\n");
        }
        return yaml.toString();
    }

    private Selector selector(String name) {
        return config.instrument().stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private void sloGroup(Slo slo, SelectorSeries series) {
        separate();
        yaml.line(2, "- name: " + YamlText.quote("weft-" + config.serviceName() + "-slo-" + slo.name()));
        yaml.line(4, "rules:");
        List<SloObjective> objectives = SloObjective.of(slo, series);
        for (SloObjective objective : objectives) {
            yaml.comment(6, "SLO " + objective.slo() + ", " + objective.objective() + ": " + objective.promise()
                    + " (selector " + series.name() + ").\nError budget " + objective.budgetPercent()
                    + " of calls. Share of calls that " + objective.bad() + ", per window:");
            for (String window : BurnRateAlert.WINDOWS) {
                yaml.line(6, "- record: " + RATIO_RECORD + window);
                yaml.block(8, "expr", objective.badRatio(window));
                yaml.line(8, "labels:");
                yaml.line(10, "slo: " + YamlText.quote(objective.slo()));
                yaml.line(10, "objective: " + YamlText.quote(objective.objective()));
                yaml.line(10, "selector: " + YamlText.quote(series.name()));
            }
        }
        for (SloObjective objective : objectives) {
            for (BurnRateAlert alert : BurnRateAlert.ALL) {
                burnRateAlert(objective, alert);
            }
        }
        sloViolated(slo);
    }

    private void burnRateAlert(SloObjective objective, BurnRateAlert alert) {
        String limit = alert.factor() + " * " + objective.budgetText();
        yaml.line(6, "- alert: " + alert.alert());
        yaml.block(8, "expr", RATIO_RECORD + alert.longWindow() + "{" + objective.matchers() + "} > " + limit
                + "\nand\n" + RATIO_RECORD + alert.shortWindow() + "{" + objective.matchers() + "} > " + limit);
        yaml.line(8, "labels:");
        yaml.line(10, "severity: " + alert.severity());
        // Also on the series; written out so that each (alert, labels) pair in the file is unique.
        yaml.line(10, "slo: " + YamlText.quote(objective.slo()));
        yaml.line(10, "objective: " + YamlText.quote(objective.objective()));
        yaml.line(8, "annotations:");
        yaml.line(10, "summary: " + YamlText.quote("SLO " + objective.slo() + " (" + objective.objective()
                + "): error budget burn rate above " + alert.factor()));
        yaml.line(10, "description: " + YamlText.quote("{{ $labels.job }}: {{ $value | humanizePercentage }} of the calls of selector "
                + objective.series().name() + " in the last " + BurnRateAlert.words(alert.longWindow()) + " "
                + objective.bad() + ", and so did more than " + alert.factor() + " x " + objective.budgetPercent()
                + " in the last " + BurnRateAlert.words(alert.shortWindow()) + ". The objective is " + objective.promise() + " (error budget " + objective.budgetPercent()
                + "); at a burn rate of " + alert.factor() + " the budget of " + BurnRateAlert.SLO_PERIOD + " is gone in "
                + alert.exhaustedIn() + "."));
        runbook(alert.alert());
    }

    private void sloViolated(Slo slo) {
        yaml.line(6, "- alert: " + SLO_VIOLATED);
        yaml.line(8, "expr: " + YamlText.quote("weft_slo_met{" + PromQl.equal("slo", slo.name()) + "} == 0"));
        yaml.line(8, "for: " + SLO_VIOLATED_FOR);
        yaml.line(8, "labels:");
        yaml.line(10, "severity: warning");
        yaml.line(10, "slo: " + YamlText.quote(slo.name()));
        yaml.line(8, "annotations:");
        yaml.line(10, "summary: " + YamlText.quote("SLO " + slo.name() + " ({{ $labels.objective }}) is violated"));
        yaml.line(10, "description: " + YamlText.quote("{{ $labels.job }} {{ $labels.instance }}: the agent finds SLO "
                + slo.name() + " (" + String.join("; ", promises(slo)) + ") violated over its window of "
                + slo.window().toString().substring(2).toLowerCase(Locale.ROOT)
                + " for {{ $labels.objective }}; weft_slo_value has the window's figure."));
        runbook(SLO_VIOLATED);
    }

    private static List<String> promises(Slo slo) {
        return SloObjective.of(slo, null).stream().map(SloObjective::promise).toList();
    }

    private void selectorGroup(List<SelectorSeries> selectors) {
        separate();
        yaml.line(2, "- name: " + YamlText.quote("weft-" + config.serviceName() + "-selectors"));
        yaml.line(4, "rules:");
        for (SelectorSeries series : selectors) {
            if (series.errorsAndTotal()) {
                String errors = "sum by (job) (rate(" + series.errors() + series.matchers() + "[5m]))";
                String calls = "sum by (job) (rate(" + series.calls() + series.matchers() + "[5m]))";
                yaml.line(6, "- alert: " + HIGH_ERROR_RATIO);
                yaml.block(8, "expr", errors + "\n/\n" + calls + "\n> " + ERROR_RATIO_THRESHOLD);
                selectorAlertTail(series, "{{ $value | humanizePercentage }} of the calls of selector " + series.name()
                        + " threw an exception over the last 5 minutes",
                        "more than " + PromQl.decimal(new java.math.BigDecimal(ERROR_RATIO_THRESHOLD).movePointRight(2))
                        + "% of the calls of selector " + series.name() + " throw", HIGH_ERROR_RATIO);
            }
            if (series.timed()) {
                yaml.line(6, "- alert: " + HIGH_LATENCY);
                yaml.block(8, "expr", "histogram_quantile(0.99, sum by (job, le) (rate(" + series.bucket()
                        + series.matchers() + "[5m])))\n> " + P99_THRESHOLD_SECONDS);
                selectorAlertTail(series, "the 99th percentile of the calls of selector " + series.name()
                        + " over the last 5 minutes is {{ $value | humanizeDuration }}",
                        "calls of selector " + series.name() + " are slow: p99 above " + P99_THRESHOLD_SECONDS + " s",
                        HIGH_LATENCY);
            }
        }
    }

    private void selectorAlertTail(SelectorSeries series, String what, String summary, String alert) {
        yaml.line(8, "for: " + SELECTOR_ALERT_FOR);
        yaml.line(8, "labels:");
        yaml.line(10, "severity: warning");
        yaml.line(10, "selector: " + YamlText.quote(series.name()));
        yaml.line(8, "annotations:");
        yaml.line(10, "summary: " + YamlText.quote(summary));
        yaml.line(10, "description: " + YamlText.quote("{{ $labels.job }}: " + what + " (for " + SELECTOR_ALERT_FOR
                + " now)."));
        runbook(alert);
    }

    private boolean firstGroup = true;

    /** A blank line between groups. */
    private void separate() {
        if (!firstGroup) {
            yaml.blank();
        }
        firstGroup = false;
    }

    private void runbook(String alert) {
        yaml.line(10, "runbook_url: " + YamlText.quote(runbookUrl(runbookBase, alert)));
    }

    /** {@code base#anchor}, the anchor as GitHub and most Markdown renderers make it from a heading. */
    static String runbookUrl(String base, String alert) {
        return base + "#" + alert.toLowerCase(Locale.ROOT);
    }
}
