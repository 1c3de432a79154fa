package dev.weft.instrumentation.api;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.any;

/**
 * One built-in instrumentation: which classes it changes, with which advice, and what that advice
 * needs from the library it instruments. The agent finds implementations with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services} file in each module) and weaves them
 * all with one {@code AgentBuilder}.
 *
 * <p>An implementation is loaded by the agent's class loader, which may not see the library (a
 * Spring Boot fat jar, a WAR, an OSGi bundle do not show their libraries to it). So it names
 * library types and its advice by their names only, never with a class literal: the advice is read
 * as a class file and copied into the instrumented class, and the library types it uses are
 * resolved from the instrumented class's own loader.
 *
 * <p>Per class loader, the weaving goes: {@link #classLoaderMatcher()} (cached by the
 * implementation if it is not trivial), then {@link #typeMatcher()}, then, once per loader, the
 * check that every one of {@link #references()} is there. If one is missing the instrumentation is
 * skipped in that loader as a whole, and said so once.
 */
public interface BuiltInInstrumentation {

    /** Unique among the built-in instrumentations, e.g. {@code servlet-jakarta}. */
    String name();

    /**
     * The switch in the config's {@code instrumentations:} section this one answers to besides its
     * own name, e.g. {@code servlet} for both servlet instrumentations. A switch by name wins over
     * the group's.
     */
    default String group() {
        return name();
    }

    /**
     * The classes to change. {@link TypeNames} when they are known by name (then no other class is
     * even described); else cheap tests first: names, then the class's own methods, then the
     * hierarchy (which reads super types' class files), and all of it only in the loaders
     * {@link #classLoaderMatcher()} lets through.
     */
    ElementMatcher<? super TypeDescription> typeMatcher();

    /**
     * For a {@link #typeMatcher()} that is no {@link TypeNames}: strings at least one of which is in
     * the class file of every class it changes (a method descriptor, an annotation's internal name),
     * e.g. {@code (Ljakarta/servlet/ServletRequest;Ljakarta/servlet/ServletResponse;)V}. A class whose
     * bytes hold none is passed over before it is described, so a loader that sees the library pays
     * a scan of the bytes per class, not a description. Empty: every class of the loader is described.
     */
    default List<String> classFileMentions() {
        return List.of();
    }

    /**
     * The class loaders worth testing types in, e.g. those that can see the library at all
     * ({@link ClassLoaderMatchers#canSee}). The bootstrap loader is {@code null}. Default: all.
     */
    default ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return any();
    }

    /**
     * Whether it does anything only while something is traced (carrying trace context across
     * threads), so it is not woven for a config that only measures. HTTP instrumentations record
     * their metrics with tracing off too, and keep the default.
     */
    default boolean needsTracing() {
        return false;
    }

    /** Which methods of a matched class get which advice class (by name). */
    List<MethodAdvice> advice();

    /**
     * The library classes and methods the advice calls or names, checked in each class loader before
     * anything is woven there. Calls the advice guards itself (in a try/catch, say, for a newer API
     * version) are not references. Types of the JDK's base module and Weft's bootstrap classes need
     * not be listed.
     */
    List<Reference> references();
}
