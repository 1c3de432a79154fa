package dev.weft.agent.ops;

import java.util.List;

/**
 * One multi-window burn-rate alert of the Google SRE workbook ("Alerting on SLOs", multiwindow,
 * multi-burn-rate alerts), for an SLO period of 30 days. It fires while the share of bad events
 * over both windows exceeds {@code factor} times the error budget: the long window says the
 * budget is really being spent, the short one that it still is (so the alert ends soon after
 * the problem does).
 *
 * @param alert    the alert's name
 * @param severity {@code page} or {@code ticket}
 * @param factor   the burn rate: 1 spends exactly the 30-day budget in 30 days
 * @param longWindow  PromQL duration
 * @param shortWindow PromQL duration, 1/12 of the long one
 * @param budgetSpent share of the 30-day budget spent over the long window at this rate, for people
 * @param exhaustedIn how long the whole budget lasts at this rate, for people
 */
record BurnRateAlert(String alert, String severity, String factor, String longWindow, String shortWindow,
                     String budgetSpent, String exhaustedIn) {

    static final String SLO_PERIOD = "30 days";

    static final List<BurnRateAlert> ALL = List.of(
            new BurnRateAlert("WeftSloBurnRateFast", "page", "14.4", "1h", "5m", "2%", "about 2 days"),
            new BurnRateAlert("WeftSloBurnRateMedium", "page", "6", "6h", "30m", "5%", "5 days"),
            new BurnRateAlert("WeftSloBurnRateSlow", "ticket", "3", "1d", "2h", "10%", "10 days"),
            new BurnRateAlert("WeftSloBurnRateSteady", "ticket", "1", "3d", "6h", "10%", "30 days"));

    /** Every window some alert reads, shortest first: each gets a recording rule. */
    static final List<String> WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

    /** The window in words, for annotations. */
    static String words(String window) {
        return switch (window) {
            case "5m" -> "5 minutes";
            case "30m" -> "30 minutes";
            case "1h" -> "hour";
            case "2h" -> "2 hours";
            case "6h" -> "6 hours";
            case "1d" -> "day";
            case "3d" -> "3 days";
            default -> window;
        };
    }
}
