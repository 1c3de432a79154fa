package dev.weft.agent.metrics;

import dev.weft.agent.support.WeftLog;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/**
 * The one place all of Weft's metric sources are gathered for exporters. A source that fails
 * (a management bean that throws, a bug) costs its own metrics in that snapshot, never the others:
 * it is counted, named once, and asked again next time.
 */
public final class MetricRegistry {

    private final List<MetricSource> sources = new CopyOnWriteArrayList<>();
    private final LongAdder failures = new LongAdder();

    public void register(MetricSource source) {
        sources.add(source);
    }

    public List<MetricSnapshot> snapshot() {
        List<MetricSnapshot> all = new ArrayList<>();
        for (MetricSource source : sources) {
            try {
                all.addAll(source.collect());
            } catch (RuntimeException | LinkageError e) {
                failures.increment();
                WeftLog.warnOnce("collect:" + source.getClass().getName() + ":" + e.getClass().getName(),
                        "collecting metrics failed (" + e + "); those metrics are left out of this snapshot, "
                                + "the others are served. Said once.");
            }
        }
        return all;
    }

    /** Snapshots in which a source failed, for {@code weft_collect_errors_total}. */
    public long failures() {
        return failures.sum();
    }
}
