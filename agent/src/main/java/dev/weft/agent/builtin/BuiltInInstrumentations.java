package dev.weft.agent.builtin;

import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.weave.Weaver;

import dev.weft.agent.support.WeftLog;
import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.weaving.InstrumentationInstaller;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import dev.weft.instrumentation.weaving.InstrumentationSwitches;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Weft's own instrumentations: context across threads, the JDK HTTP server, the JDK's two HTTP
 * clients, servlet containers (javax and jakarta), and whatever else the agent jar lists under
 * {@code META-INF/services/dev.weft.instrumentation.api.BuiltInInstrumentation}. Each is woven in a
 * class loader only if everything its advice needs is there; see {@link InstrumentationInstaller}.
 */
public final class BuiltInInstrumentations {

    /** Every built-in instrumentation on. */
    public static final Predicate<BuiltInInstrumentation> ALL = instrumentation -> true;

    private static InstrumentationInstaller installer;

    private BuiltInInstrumentations() {
    }

    /**
     * Weaves exactly the built-in instrumentations {@code enabled} accepts. Called again with another
     * set, it first puts the classes of the previous one back as they were; with the same set, it
     * does nothing.
     */
    public static synchronized void install(Instrumentation inst, Predicate<? super BuiltInInstrumentation> enabled) {
        Weaver.disableNexus();
        installer().install(inst, enabled);
    }

    /** What each built-in instrumentation is doing, in name order. */
    public static synchronized List<InstrumentationStatus> status() {
        return installer().status();
    }

    /** The built-in instrumentations in the agent, in name order. */
    public static synchronized List<BuiltInInstrumentation> available() {
        return installer().instrumentations();
    }

    /** The config's {@code instrumentations:} switches that name neither a built-in nor a group of them. */
    public static List<ConfigProblem> unknownSwitches(WeftConfig config) {
        if (config.instrumentations().switches().isEmpty()) {
            return List.of();
        }
        Set<String> known = new LinkedHashSet<>();
        for (BuiltInInstrumentation instrumentation : available()) {
            known.add(instrumentation.name());
            known.add(instrumentation.group());
        }
        return config.instrumentations().unknown(config.source(), known);
    }

    /**
     * The config's {@code instrumentations:} switches as a predicate for {@link #install}: a switch by
     * name wins over the switch of the group; with neither, an instrumentation is on.
     */
    public static Predicate<BuiltInInstrumentation> enabledBy(Map<String, Boolean> switches) {
        return InstrumentationSwitches.enabledBy(switches);
    }


    private static InstrumentationInstaller installer() {
        if (installer == null) {
            installer = new InstrumentationInstaller(discover(), WeftLog::warnOnce);
        }
        return installer;
    }

    /** The instrumentations {@link ServiceLoader} finds beside this class; one that fails to load is left out. */
    private static List<BuiltInInstrumentation> discover() {
        List<BuiltInInstrumentation> found = new ArrayList<>();
        Iterator<BuiltInInstrumentation> providers = ServiceLoader.load(BuiltInInstrumentation.class,
                BuiltInInstrumentations.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError e) {
                WeftLog.warn("a built-in instrumentation could not be loaded and is left out: " + e);
            }
        }
        found.sort(Comparator.comparing(BuiltInInstrumentation::name));
        return found;
    }
}
