package dev.weft.agent.trace;

import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.agent.support.WeftLog;
import dev.weft.bootstrap.MethodProbe;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One duration histogram of a built-in span family (HTTP, RPC), its series capped: past
 * {@link #MAX_SERIES}, label {@code overflowLabel} reads {@link #OTHER}, said once on stderr.
 */
final class CappedHistogram {

    static final int MAX_SERIES = 1000;
    static final String OTHER = "_OTHER";

    private final String name;
    private final String help;
    private final List<String> labels;
    private final int overflowLabel;
    private final List<Double> bucketsSeconds;
    private final long[] bucketsNanos;
    private final Map<List<String>, MethodProbe> probes = new ConcurrentHashMap<>();

    CappedHistogram(String name, String help, List<String> labels, int overflowLabel, List<Double> bucketsSeconds,
                    long[] bucketsNanos) {
        this.name = name;
        this.help = help;
        this.labels = labels;
        this.overflowLabel = overflowLabel;
        this.bucketsSeconds = bucketsSeconds;
        this.bucketsNanos = bucketsNanos;
    }

    void observe(List<String> values, long nanos) {
        MethodProbe probe = probes.get(values);
        if (probe == null) {
            List<String> key = values;
            if (probes.size() >= MAX_SERIES) {
                WeftLog.warnOnce("series:" + name, name + " has " + MAX_SERIES + " series; further ones are "
                        + "counted under " + labels.get(overflowLabel) + "=\"" + OTHER + "\"");
                List<String> other = new ArrayList<>(values);
                other.set(overflowLabel, OTHER);
                key = List.copyOf(other);
            }
            probe = probes.computeIfAbsent(key, k -> new MethodProbe(bucketsNanos, 0));
        }
        probe.observe(nanos);
    }

    void collectInto(List<MetricSnapshot> out) {
        if (probes.isEmpty()) {
            return;
        }
        List<Map.Entry<List<String>, MethodProbe>> entries = new ArrayList<>(probes.entrySet());
        entries.sort(Comparator.comparing(e -> String.join("\u0000", e.getKey())));
        List<MetricSnapshot.HistogramPoint> points = new ArrayList<>(entries.size());
        for (Map.Entry<List<String>, MethodProbe> entry : entries) {
            points.add(new MetricSnapshot.HistogramPoint(new MetricSnapshot.Labels(labels, entry.getKey()),
                    entry.getValue().bucketCounts(), entry.getValue().sumNanos() / 1e9));
        }
        out.add(new MetricSnapshot.Histogram(name, help, "seconds", bucketsSeconds, points));
    }
}
