package dev.weft.agent.metrics;

import dev.weft.agent.config.Recording;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One woven method's figures since start and over the recent window, for {@code /metrics/json} and
 * the status page.
 */
public record MethodStats(String selector, String className, String method, String metric, Set<Recording> recordings,
                          long calls, long errors, long inflight, Distribution sinceStart,
                          MethodWindows.Window window) {

    public boolean timed() {
        return recordings.contains(Recording.TIMER);
    }

    /** Every method woven now, with its window of the given length. */
    public static List<MethodStats> of(MethodMetrics metrics, MethodWindows windows, Duration window) {
        List<MethodStats> all = new ArrayList<>();
        for (MethodMetrics.Entry entry : metrics.live()) {
            all.add(new MethodStats(entry.selector(), entry.className(), entry.method(), entry.metricName(),
                    entry.recordings(), entry.calls(), entry.errors(), entry.inflight(), entry.distribution(),
                    windows.over(entry, window)));
        }
        return all;
    }
}
