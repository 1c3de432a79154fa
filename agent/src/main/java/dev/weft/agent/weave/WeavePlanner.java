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

    /**
     * @param annotationDescriptor what a class file must mention for this rule's methods to carry
     *                             its {@code method-annotated}, when that names one exact annotation; else null
     */
    private record Rule(Selector selector, ElementMatcher<TypeDescription> types,
                        ElementMatcher<MethodDescription> methods, byte[] annotationDescriptor) {
        Rule(Selector selector) {
            this(selector, SelectorMatchers.types(selector), SelectorMatchers.methods(selector),
                    selector.methodAnnotationText() != null && selector.exactMethodAnnotation()
                            ? MethodAnnotationNames.descriptor(selector.methodAnnotationText()) : null);
        }

        boolean wholeType() {
            return selector.methods().isEmpty() && selector.methodAnnotationText() == null;
        }

        /** Whether this rule may take some method of the type: its class key, and an annotated method if it asks for one. */
        boolean mayClaim(TypeDescription type, MethodAnnotationNames annotations) {
            if (!types.matches(type)) {
                return false;
            }
            if (selector.methodAnnotationText() == null) {
                return true;
            }
            for (List<String> names : annotations.all()) {
                if (SelectorMatchers.carriesMethodAnnotation(selector, names)) {
                    return true;
                }
            }
            return false;
        }

        boolean claims(MethodDescription.InDefinedShape method, MethodAnnotationNames annotations) {
            return methods.matches(method) && (selector.methodAnnotationText() == null
                    || SelectorMatchers.carriesMethodAnnotation(selector, annotations.on(method)));
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

    /**
     * From the name and the bytes of a class about to load, before it is described: false when
     * every selector either picks classes by a name this one does not have, or wants methods
     * carrying one exact annotation the class file never mentions.
     */
    boolean mayMatchClassFile(String className, byte[] classFile) {
        for (Rule rule : instrument) {
            if (rule.selector.kind() == TypeMatchKind.CLASS && !SelectorMatchers.nameMatches(rule.selector, className)) {
                continue;
            }
            byte[] descriptor = rule.annotationDescriptor;
            if (descriptor == null || MethodAnnotationNames.mentions(classFile, descriptor)) {
                return true;
            }
        }
        return false;
    }

    /** Cheap pre-filter run for every class loaded: could any selector weave something here? */
    boolean isCandidate(TypeDescription type, MethodAnnotationNames annotations) {
        for (Rule rule : excludeTypes) {
            if (rule.types.matches(type)) {
                return false;
            }
        }
        for (Rule rule : instrument) {
            if (rule.mayClaim(type, annotations)) {
                return true;
            }
        }
        return false;
    }

    /** The methods to weave, grouped by the selector that claims them, in file order. */
    Map<Selector, List<MethodDescription.InDefinedShape>> plan(TypeDescription type, MethodAnnotationNames annotations) {
        List<Rule> applicable = new ArrayList<>();
        for (Rule rule : instrument) {
            if (rule.mayClaim(type, annotations)) {
                applicable.add(rule);
            }
        }
        List<Rule> excluding = new ArrayList<>();
        for (Rule rule : excludeMethods) {
            if (rule.mayClaim(type, annotations)) {
                excluding.add(rule);
            }
        }
        Map<Selector, List<MethodDescription.InDefinedShape>> plan = new LinkedHashMap<>();
        methods:
        for (MethodDescription.InDefinedShape method : type.getDeclaredMethods()) {
            for (Rule rule : excluding) {
                if (rule.claims(method, annotations)) {
                    continue methods;
                }
            }
            for (Rule rule : applicable) {
                if (rule.claims(method, annotations)) {
                    plan.computeIfAbsent(rule.selector, s -> new ArrayList<>()).add(method);
                    continue methods;
                }
            }
        }
        return plan;
    }
}
