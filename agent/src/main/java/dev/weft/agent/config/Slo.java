package dev.weft.agent.config;

import java.time.Duration;

/**
 * One entry of {@code slos:}: objectives for the calls of one selector over a sliding window.
 *
 * @param name               unique; the {@code slo} label
 * @param selector           the name of the instrument selector whose calls count
 * @param latencyPercentile  e.g. 95 for "95% of calls"; {@code null} without a latency objective
 * @param latencyBelowSeconds the latency that share of calls must stay at or under
 * @param successRatio       share of calls that must not throw, 0..1; {@code null} without one
 * @param window             how far back the agent looks when it evaluates the objectives
 * @param line               where the entry starts in the file
 */
public record Slo(String name, String selector, Double latencyPercentile, Double latencyBelowSeconds,
                  Double successRatio, Duration window, int line) {

    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    public boolean hasLatency() {
        return latencyPercentile != null;
    }

    public boolean hasSuccess() {
        return successRatio != null;
    }

    public String canonical() {
        return name + " selector " + selector + " latency p" + latencyPercentile + " below " + latencyBelowSeconds
                + " success " + successRatio + " window " + window;
    }
}
