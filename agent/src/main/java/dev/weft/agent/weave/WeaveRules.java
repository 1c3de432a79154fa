package dev.weft.agent.weave;

import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One config's weaving rules: which methods get which selector's advice. Immutable, so a reload
 * swaps a whole new set in while classes keep loading under the old one.
 */
final class WeaveRules {

    private static final List<String> NEVER_WOVEN_PACKAGES = List.of(
            "java.", "javax.", "jdk.", "sun.", "com.sun.", "dev.weft.", "net.bytebuddy.");

    private final WeavePlanner planner;
    private final boolean empty;

    WeaveRules(WeftConfig config) {
        this.planner = new WeavePlanner(config.instrument(), config.exclude());
        this.empty = config.instrument().isEmpty();
    }

    /** The JDK, Weft itself and other agents' copies of Byte Buddy are never user code. */
    static boolean isNeverWoven(String className) {
        for (String prefix : NEVER_WOVEN_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    boolean isEmpty() {
        return empty;
    }

    /**
     * False when no selector can weave a class of this name, known from the name alone (every
     * selector picks classes by name, and none matches); then the class need not be read at all.
     */
    boolean mayWeave(String className) {
        return !empty && planner.mayMatchName(className);
    }

    /**
     * False when no selector can weave this class, known from its name and class file before it is
     * described (a {@code method-annotated} selector's annotation is nowhere in the bytes).
     */
    boolean mayWeave(String className, byte[] classFile) {
        return mayWeave(className) && planner.mayMatchClassFile(className, classFile);
    }

    /**
     * The methods to weave, grouped by the selector that claims them; empty for most classes.
     *
     * @param annotations the annotations of the class's methods by name, read only if a selector asks
     */
    Map<Selector, List<MethodDescription.InDefinedShape>> plan(TypeDescription type, MethodAnnotationNames annotations) {
        return planner.isCandidate(type, annotations) ? planner.plan(type, annotations) : Map.of();
    }

    /**
     * What the plan for a class amounts to in bytecode: method signature to selector name and
     * recorded flags. Two rule sets with the same fingerprint for a class weave it identically.
     */
    Map<String, String> fingerprint(TypeDescription type, MethodAnnotationNames annotations) {
        Map<String, String> fingerprint = new HashMap<>();
        plan(type, annotations).forEach((selector, methods) -> {
            String weaving = selector.name() + "/" + Recording.flags(selector.record())
                    + (selector.trace() ? "/trace " + selector.spanName() : "")
                    // a new metric name or capture is taken up when the class is woven again
                    + (selector.capture().equals(dev.weft.agent.config.Capture.NONE) ? "" : "/" + selector.capture())
                    + (selector.async() ? "" : "/sync");
            for (MethodDescription.InDefinedShape method : methods) {
                fingerprint.put(method.getInternalName() + method.getDescriptor(), weaving);
            }
        });
        return fingerprint;
    }
}
