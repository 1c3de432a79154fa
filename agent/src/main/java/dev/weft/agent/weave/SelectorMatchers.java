package dev.weft.agent.weave;

import dev.weft.agent.config.Selector;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;
import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isNative;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.not;

/** Byte Buddy matchers for a selector's classes and methods. */
final class SelectorMatchers {

    /** Methods with a body that a user wrote: no constructors, initialisers, bridges or synthetics. */
    private static final ElementMatcher.Junction<MethodDescription> ELIGIBLE_METHOD =
            isMethod().and(not(isSynthetic())).and(not(isBridge())).and(not(isAbstract())).and(not(isNative()));

    private SelectorMatchers() {
    }

    static ElementMatcher<TypeDescription> types(Selector selector) {
        ElementMatcher.Junction<TypeDescription> name = new NameMatches(selector);
        ElementMatcher.Junction<TypeDescription> matcher = switch (selector.kind()) {
            case CLASS -> name;
            case IMPLEMENTS -> not(isInterface()).and(not(isAbstract())).and(not(name)).and(hasSuperType(name));
            case ANNOTATED -> not(isInterface()).and(isAnnotatedWith(name));
        };
        return new Tolerant(matcher);
    }

    static ElementMatcher<MethodDescription> methods(Selector selector) {
        List<Pattern> globs = selector.methods();
        if (globs.isEmpty()) {
            return ELIGIBLE_METHOD;
        }
        return ELIGIBLE_METHOD.and(method -> {
            String name = method.getInternalName();
            for (Pattern glob : globs) {
                if (glob.matcher(name).matches()) {
                    return true;
                }
            }
            return false;
        });
    }

    /** Whether a class, super type or annotation name matches the selector's pattern. */
    static boolean nameMatches(Selector selector, String name) {
        return selector.exactType() ? selector.typeText().equals(name) : selector.typePattern().matcher(name).matches();
    }

    /** A precompiled name match (Byte Buddy's own regex matcher recompiles on every call). */
    private static final class NameMatches extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final Selector selector;

        NameMatches(Selector selector) {
            this.selector = selector;
        }

        @Override
        public boolean matches(TypeDescription target) {
            return nameMatches(selector, target.getName());
        }
    }

    /**
     * A class whose super types or annotations cannot be resolved (an optional dependency that is
     * absent) is simply not a match; it is not a weaving failure of a class the user selected.
     */
    private static final class Tolerant extends ElementMatcher.Junction.AbstractBase<TypeDescription> {
        private final ElementMatcher<TypeDescription> delegate;

        Tolerant(ElementMatcher<TypeDescription> delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean matches(TypeDescription target) {
            try {
                return delegate.matches(target);
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
