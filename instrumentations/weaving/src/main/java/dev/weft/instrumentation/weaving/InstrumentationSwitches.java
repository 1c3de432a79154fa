package dev.weft.instrumentation.weaving;

import dev.weft.instrumentation.api.BuiltInInstrumentation;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The config's {@code instrumentations:} switches, e.g. {@code {servlet: false, servlet-jakarta: true}}:
 * a switch by an instrumentation's name wins over the switch of its group; with neither, it is on.
 */
public final class InstrumentationSwitches {

    private InstrumentationSwitches() {
    }

    /** Whether the switches leave the instrumentation on. */
    public static boolean isEnabled(BuiltInInstrumentation instrumentation, Map<String, Boolean> switches) {
        Boolean byName = switches.get(instrumentation.name());
        if (byName != null) {
            return byName;
        }
        Boolean byGroup = switches.get(instrumentation.group());
        return byGroup == null || byGroup;
    }

    /** {@link #isEnabled} as a predicate, over a copy of the switches (a {@code null} value counts as absent). */
    public static Predicate<BuiltInInstrumentation> enabledBy(Map<String, Boolean> switches) {
        Map<String, Boolean> copy = new HashMap<>(switches);
        copy.values().removeIf(value -> value == null);
        return instrumentation -> isEnabled(instrumentation, copy);
    }

}
