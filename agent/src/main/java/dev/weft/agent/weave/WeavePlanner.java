package dev.weft.agent.weave;

import dev.weft.agent.config.Selector;
import dev.weft.agent.config.TypeMatchKind;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides which methods of a class get which selector's advice. Each method is woven at most once:
 * the first selector in the file that matches it wins, and {@code exclude} wins over all of them.
 */
final class WeavePlanner {

    private record Rule(Selector selector, ElementMatcher<TypeDescription> types,
                        ElementMatcher<MethodDescription> methods) {
        Rule(Selector selector) {
            this(selector, SelectorMatchers.types(selector), SelectorMatchers.methods(selector));
        }

        boolean wholeType() {
            return selector.methods().isEmpty();
        }
    }

    private final List<Rule> instrument = new ArrayList<>();
    private final List<Rule> excludeTypes = new ArrayList<>();
    private final List<Rule> excludeMethods = new ArrayList<>();

    WeavePlanner(List<Selector> instrument, List<Selector> exclude) {
        for (Selector selector : instrument) {
            this.instrument.add(new Rule(selector));
        }
        for (Selector selector : exclude) {
            Rule rule = new Rule(selector);
            (rule.wholeType() ? excludeTypes : excludeMethods).add(rule);
        }
    }

    /**
     * Cheaper still, from the class name alone: false only when every selector picks classes by
     * name and none of them matches this one.
     */
    boolean mayMatchName(String className) {
        for (Rule rule : instrument) {
            if (rule.selector.kind() != TypeMatchKind.CLASS || SelectorMatchers.nameMatches(rule.selector, className)) {
                return true;
            }
        }
        return false;
    }

    /** Cheap pre-filter run for every class loaded: could any selector weave something here? */
    boolean isCandidate(TypeDescription type) {
        for (Rule rule : excludeTypes) {
            if (rule.types.matches(type)) {
                return false;
            }
        }
        for (Rule rule : instrument) {
            if (rule.types.matches(type)) {
                return true;
            }
        }
        return false;
    }

    /** The methods to weave, grouped by the selector that claims them, in file order. */
    Map<Selector, List<MethodDescription.InDefinedShape>> plan(TypeDescription type) {
        List<Rule> applicable = new ArrayList<>();
        for (Rule rule : instrument) {
            if (rule.types.matches(type)) {
                applicable.add(rule);
            }
        }
        List<Rule> excluding = new ArrayList<>();
        for (Rule rule : excludeMethods) {
            if (rule.types.matches(type)) {
                excluding.add(rule);
            }
        }
        Map<Selector, List<MethodDescription.InDefinedShape>> plan = new LinkedHashMap<>();
        methods:
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            for (Rule rule : excluding) {
                if (rule.methods.matches(method)) {
                    continue methods;
                }
            }
            for (Rule rule : applicable) {
                if (rule.methods.matches(method)) {
                    plan.computeIfAbsent(rule.selector, s -> new ArrayList<>()).add(method);
                    continue methods;
                }
            }
        }
        return plan;
    }
}
