package dev.weft.agent.weave;

import dev.weft.agent.config.NamePatterns;
import dev.weft.agent.config.Selector;
import dev.weft.agent.support.WeftLog;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import static net.bytebuddy.matcher.ElementMatchers.any;
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

    /**
     * Character reads a user's regular expression gets per name. Sane patterns read a class name a
     * few times over (a few hundred reads, tens of thousands for several {@code .*}); this many
     * take some 10 ms, after which the name counts as unmatched.
     */
    static final long MATCH_BUDGET = 1_000_000;
    /** Names a pattern may give up on before it matches nothing more: bounds what it costs class loading. */
    static final int MAX_GIVE_UPS = 3;
    /** Give-ups so far, per selector and pattern as written (a config that changes the pattern starts afresh). */
    private static final ConcurrentHashMap<String, AtomicInteger> GIVE_UPS = new ConcurrentHashMap<>();

    private SelectorMatchers() {
    }

    /**
     * The classes a selector's class key picks; any class when it has none (then its
     * {@code method-annotated} decides, by {@link #carriesMethodAnnotation}).
     */
    static ElementMatcher<TypeDescription> types(Selector selector) {
        if (selector.kind() == null) {
            return any();
        }
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
        List<String> texts = selector.methodTexts();
        return ELIGIBLE_METHOD.and(method -> {
            String name = method.getInternalName();
            for (int i = 0; i < globs.size(); i++) {
                if (matches(selector, globs.get(i), i < texts.size() ? texts.get(i) : "", name)) {
                    return true;
                }
            }
            return false;
        });
    }

    /**
     * Whether one of a method's annotations (binary names, as {@link MethodAnnotationNames} reads
     * them) matches the selector's {@code method-annotated}; true when the selector has none.
     */
    static boolean carriesMethodAnnotation(Selector selector, List<String> annotations) {
        String text = selector.methodAnnotationText();
        if (text == null) {
            return true;
        }
        boolean exact = selector.exactMethodAnnotation();
        for (String annotation : annotations) {
            if (exact ? text.equals(annotation) : matches(selector, selector.methodAnnotationPattern(), text, annotation)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a class, super type or annotation name matches the selector's pattern. */
    static boolean nameMatches(Selector selector, String name) {
        return selector.exactType() ? selector.typeText().equals(name)
                : matches(selector, selector.typePattern(), selector.typeText(), name);
    }

    /**
     * A whole-name match. Patterns Weft made from globs cannot backtrack much and run as they are;
     * a user's {@code regex:} reads the name through a budget of {@link #MATCH_BUDGET} characters:
     * past it (or past the stack: some patterns recurse per character) the name counts as unmatched,
     * and the selector's pattern is named once. After {@value #MAX_GIVE_UPS} such names the pattern
     * matches nothing more, so it cannot cost every class loaded its budget.
     */
    static boolean matches(Selector selector, Pattern pattern, String text, String name) {
        if (!text.startsWith(NamePatterns.REGEX_PREFIX)) {
            return pattern.matcher(name).matches();
        }
        String key = selector.name() + "\u0000" + text;
        AtomicInteger givenUp = GIVE_UPS.get(key);
        if (givenUp != null && givenUp.get() >= MAX_GIVE_UPS) {
            return false;
        }
        try {
            return pattern.matcher(new BudgetedChars(name, MATCH_BUDGET)).matches();
        } catch (BudgetedChars.Spent | StackOverflowError e) {
            GIVE_UPS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            WeftLog.warnOnce("regex:" + key, "selector '" + selector.name() + "': " + text + " gave up on '" + name
                    + "' after " + (e instanceof StackOverflowError ? "overflowing the stack" : MATCH_BUDGET
                    + " character reads") + " (it backtracks too much): that name counts as unmatched, and after "
                    + MAX_GIVE_UPS + " such names the pattern matches nothing more until the config changes it. "
                    + "Simplify the pattern. Said once.");
            return false;
        }
    }

    /** How many names a selector's pattern has given up on (at most {@value #MAX_GIVE_UPS}). */
    static int giveUps(Selector selector, String text) {
        AtomicInteger givenUp = GIVE_UPS.get(selector.name() + "\u0000" + text);
        return givenUp == null ? 0 : givenUp.get();
    }

    /** A name that can be read only so many characters' worth, so a match that backtracks without end stops. */
    static final class BudgetedChars implements CharSequence {

        /** Thrown when the budget is spent; one shared instance, no stack trace: it is an outcome, not a fault. */
        static final class Spent extends RuntimeException {
            static final Spent INSTANCE = new Spent();

            private Spent() {
                super("budget spent", null, false, false);
            }
        }

        private final String text;
        private long left;

        BudgetedChars(String text, long budget) {
            this.text = text;
            this.left = budget;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (--left < 0) {
                throw Spent.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return text.substring(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
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
