package dev.weft.agent.ops;

import dev.weft.agent.config.Slo;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * One objective of one SLO, as the rules see it: which calls are bad, and what share of bad calls
 * (the error budget) the objective allows.
 *
 * @param slo       the SLO's name, the {@code slo} label
 * @param objective {@code latency} or {@code success}, the {@code objective} label (as the agent's
 *                  {@code weft_slo_*} gauges label it)
 * @param series    the selector whose calls count
 * @param budget    the allowed share of bad calls, e.g. 0.05 for "95% below 250 ms"
 * @param promise   the objective in words
 * @param bad       what a bad call did, in words ("threw an exception")
 * @param thresholdSeconds the latency bound, or {@code null} for a success objective
 */
record SloObjective(String slo, String objective, SelectorSeries series, BigDecimal budget, String promise,
                    String bad, Double thresholdSeconds) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    /** Each objective the SLO sets, latency first. */
    static List<SloObjective> of(Slo slo, SelectorSeries series) {
        List<SloObjective> objectives = new ArrayList<>();
        if (slo.hasLatency()) {
            BigDecimal percentile = new BigDecimal(Double.toString(slo.latencyPercentile()));
            String below = PromQl.number(slo.latencyBelowSeconds()) + " s";
            objectives.add(new SloObjective(slo.name(), "latency", series,
                    HUNDRED.subtract(percentile).divide(HUNDRED),
                    PromQl.decimal(percentile) + "% of calls take at most " + below,
                    "took longer than " + below, slo.latencyBelowSeconds()));
        }
        if (slo.hasSuccess()) {
            BigDecimal success = new BigDecimal(Double.toString(slo.successRatio()));
            objectives.add(new SloObjective(slo.name(), "success", series, BigDecimal.ONE.subtract(success),
                    PromQl.decimal(success.multiply(HUNDRED)) + "% of calls end without an exception",
                    "threw an exception", null));
        }
        return objectives;
    }

    String budgetText() {
        return PromQl.decimal(budget);
    }

    String budgetPercent() {
        return PromQl.decimal(budget.multiply(HUNDRED)) + "%";
    }

    /** {@code slo="…",objective="…"}: picks this objective's recorded ratios. */
    String matchers() {
        return PromQl.equal("slo", slo) + "," + PromQl.equal("objective", objective);
    }

    /**
     * The share of bad calls over {@code window}, per Prometheus job (all instances together, as
     * the SLO is the service's). No calls at all gives no value rather than 0 or an alert.
     */
    String badRatio(String window) {
        String calls = rate(series.calls() + series.matchers(), window);
        if (thresholdSeconds != null) {
            String fast = rate(series.bucket() + series.matchers(PromQl.le(thresholdSeconds)), window);
            return "(\n  " + calls + "\n  -\n  " + fast + "\n)\n/\n" + calls;
        }
        // The error counter has no series until the first exception: count that as zero errors.
        String errors = rate(series.errors() + series.matchers(), window);
        return "(\n  " + errors + "\n  or\n  0 * " + calls + "\n)\n/\n" + calls;
    }

    private static String rate(String selector, String window) {
        return "sum by (job) (rate(" + selector + "[" + window + "]))";
    }
}
