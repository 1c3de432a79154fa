package dev.weft.agent.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The one place all of Weft's metric sources are gathered for exporters. */
public final class MetricRegistry {

    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();

    public void register(MetricSource source) {
        sources.add(source);
    }

    public List<MetricSnapshot> snapshot() {
        List<MetricSnapshot> all = new ArrayList<>();
        for (MetricSource source : sources) {
            all.addAll(source.collect());
        }
        return all;
    }
}
