package dev.weft.agent.reload;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.state.CurrentState;

import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Names each selector that has matched no method some seconds after start, or after the reload
 * that added or changed it: the usual sign of a typo in a class or method pattern.
 */
public final class UnmatchedSelectorReport implements ConfigFollower<List<Selector>> {

    private final MethodMetrics methods;
    private final CurrentState state;
    private final ScheduledExecutorService scheduler;
    private final long delaySeconds;

    public UnmatchedSelectorReport(MethodMetrics methods, CurrentState state, ScheduledExecutorService scheduler,
                                   long delaySeconds) {
        this.methods = methods;
        this.state = state;
        this.scheduler = scheduler;
        this.delaySeconds = delaySeconds;
    }

    /** After the delay, names each of these selectors still in force that wove nothing. */
    public void schedule(List<Selector> selectors, String since) {
        if (selectors.isEmpty()) {
            return;
        }
        scheduler.schedule(() -> {
            WeftConfig current = state.get().config();
            for (Selector selector : selectors) {
                if (current.instrument().contains(selector) && methods.wovenMethods(selector.name()) == 0) {
                    WeftLog.warn("selector '" + selector.name() + "' (" + current.source() + ":" + selector.line()
                            + ") has matched no method " + delaySeconds + " s after " + since + "; check its "
                            + matchKeys(selector) + " and methods patterns");
                }
            }
        }, delaySeconds, TimeUnit.SECONDS);
    }

    /** The keys that pick the selector's classes and methods: {@code class}, {@code class and method-annotated}... */
    private static String matchKeys(Selector selector) {
        String type = selector.kind() == null ? null : selector.kind().yamlKey();
        String annotation = selector.methodAnnotationText() == null ? null : Selector.METHOD_ANNOTATED;
        return type == null ? annotation : annotation == null ? type : type + ", " + annotation;
    }

    @Override
    public String name() {
        return "the unmatched-selector report";
    }

    @Override
    public List<Selector> follows(WeftConfig config) {
        return config.instrument();
    }

    @Override
    public void changed(List<Selector> before, List<Selector> after, WeftConfig config) {
        schedule(SelectorChanges.addedOrChanged(before, after), "the reload");
    }
}
