package dev.weft.agent.builtin;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.weave.Weaver;
import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.weaving.InstrumentationStatus;

import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The built-in instrumentations' life. The HTTP ones record HTTP metrics whether or not anything
 * is traced, so they are installed at start; those that only carry trace context
 * ({@link BuiltInInstrumentation#needsTracing()}) join once the config traces or exports anything.
 * The {@code instrumentations:} switches of the config say which run; a reload that changes the
 * switches or turns tracing on or off puts the classes of the ones no longer wanted back as they
 * were and weaves the ones now wanted.
 */
public final class BuiltInLifecycle implements ConfigFollower<BuiltInLifecycle.Selection> {

    /** What decides which built-ins run: whether anything is traced, and the switches by name. */
    public record Selection(boolean tracing, Map<String, Boolean> switches) {
        static Selection of(WeftConfig config) {
            Map<String, Boolean> switches = new LinkedHashMap<>();
            config.instrumentations().switches().forEach((name, entry) -> switches.put(name, entry.on()));
            return new Selection(config.tracesOrExports(), Map.copyOf(switches));
        }
    }

    private final Instrumentation inst;
    private volatile boolean installed;

    public BuiltInLifecycle(Instrumentation inst) {
        this.inst = inst;
    }

    /** Installs the ones the config wants. */
    public void start(WeftConfig config) {
        install(config);
    }

    @Override
    public String name() {
        return "the built-in instrumentations";
    }

    @Override
    public Selection follows(WeftConfig config) {
        return Selection.of(config);
    }

    @Override
    public void changed(Selection before, Selection after, WeftConfig config) {
        install(config);
    }

    private synchronized void install(WeftConfig config) {
        Selection selection = Selection.of(config);
        Predicate<BuiltInInstrumentation> enabled = BuiltInInstrumentations.enabledBy(selection.switches());
        if (!selection.tracing()) {
            enabled = enabled.and(instrumentation -> !instrumentation.needsTracing());
        }
        Weaver.awaitBackgroundPreparation(); // Byte Buddy from one thread at a time
        reportUnknownNames(config);
        BuiltInInstrumentations.install(inst, enabled);
        installed = true;
    }

    /** A switch that names no built-in is most likely a typo: said once, where it was written. */
    private static void reportUnknownNames(WeftConfig config) {
        for (ConfigProblem problem : BuiltInInstrumentations.unknownSwitches(config)) {
            WeftLog.warnOnce("instrumentations:" + problem, "config: " + problem);
        }
    }

    /** What each built-in is doing. */
    public List<InstrumentationStatus> status() {
        return installed ? BuiltInInstrumentations.status() : List.of();
    }

    /** Whether the built-ins are installed. */
    public boolean installed() {
        return installed;
    }
}
