package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Weft's metrics about itself: is each selector weaving anything, did anything fail to weave, did
 * config changes apply.
 */
public final class AgentMetrics implements MetricSource, ConfigFollower<List<Selector>> {

    private volatile List<Selector> selectors;
    private final MethodMetrics methods;
    private final LongAdder weaveErrors = new LongAdder();
    private final LongAdder reloadsApplied = new LongAdder();
    private final LongAdder reloadsRejected = new LongAdder();

    public AgentMetrics(List<Selector> selectors, MethodMetrics methods) {
        this.selectors = List.copyOf(selectors);
        this.methods = methods;
    }

    @Override
    public String name() {
        return "the agent's own metrics";
    }

    @Override
    public List<Selector> follows(WeftConfig config) {
        return config.instrument();
    }

    @Override
    public void changed(List<Selector> before, List<Selector> after, WeftConfig config) {
        this.selectors = List.copyOf(after);
    }

    /** Counts a config reload: applied, or rejected because the file had problems. */
    public void reload(boolean applied) {
        (applied ? reloadsApplied : reloadsRejected).increment();
    }

    public void weaveError() {
        weaveErrors.increment();
    }

    public long weaveErrors() {
        return weaveErrors.sum();
    }

    @Override
    public List<MetricSnapshot> collect() {
        List<Selector> selectors = this.selectors;
        List<MetricSnapshot.Point> woven = new ArrayList<>();
        for (Selector selector : selectors) {
            woven.add(new MetricSnapshot.Point(
                    new MetricSnapshot.Labels(List.of("selector"), List.of(selector.name())),
                    methods.wovenMethods(selector.name())));
        }
        return List.of(
                new MetricSnapshot.Gauge("weft_selectors", "Selectors in force.",
                        List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, selectors.size()))),
                new MetricSnapshot.Gauge("weft_woven_methods", "Methods each selector has woven.", woven),
                new MetricSnapshot.Counter("weft_weave_errors", "Classes left unwoven because weaving failed.",
                        List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, weaveErrors.sum()))),
                new MetricSnapshot.Counter("weft_config_reloads", "Config file changes, by outcome.", List.of(
                        new MetricSnapshot.Point(new MetricSnapshot.Labels(List.of("outcome"), List.of("applied")),
                                reloadsApplied.sum()),
                        new MetricSnapshot.Point(new MetricSnapshot.Labels(List.of("outcome"), List.of("rejected")),
                                reloadsRejected.sum()))));
    }
}
