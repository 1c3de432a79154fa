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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The built-in instrumentations' life. They carry trace context and make HTTP spans, so they are
 * installed once the config traces or exports anything, with the {@code instrumentations:}
 * switches of the config; a reload that changes the switches puts the classes of the ones switched
 * off back as they were and weaves the ones switched on. (Once installed they stay, as before:
 * with tracing off their advice finds no span handler and does nothing.)
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

    /** Installs them if the config traces or exports anything. */
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
        if (!selection.tracing()) {
            return;
        }
        Weaver.awaitBackgroundPreparation(); // Byte Buddy from one thread at a time
        reportUnknownNames(config);
        BuiltInInstrumentations.install(inst, BuiltInInstrumentations.enabledBy(selection.switches()));
        installed = true;
    }

    /** A switch that names no built-in is most likely a typo: said once, where it was written. */
    private static void reportUnknownNames(WeftConfig config) {
        if (config.instrumentations().switches().isEmpty()) {
            return;
        }
        Set<String> known = new LinkedHashSet<>();
        for (BuiltInInstrumentation instrumentation : BuiltInInstrumentations.available()) {
            known.add(instrumentation.name());
            known.add(instrumentation.group());
        }
        for (ConfigProblem problem : config.instrumentations().unknown(config.source(), known)) {
            WeftLog.warnOnce("instrumentations:" + problem, "config: " + problem);
        }
    }

    /** What each built-in is doing; empty while none is installed (nothing traced or exported). */
    public List<InstrumentationStatus> status() {
        return installed ? BuiltInInstrumentations.status() : List.of();
    }

    /** Whether the built-ins are installed. */
    public boolean installed() {
        return installed;
    }
}
