package dev.weft.instrumentation.api;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Set;

/**
 * A type matcher by exact names, for {@link BuiltInInstrumentation#typeMatcher()}. Use it rather
 * than {@code namedOneOf} when the classes an instrumentation changes are known by name: the
 * installer then looks at the names of classes being loaded before anything else, and the
 * thousands of classes a service loads that are none of them cost a set lookup each.
 */
public final class TypeNames implements ElementMatcher<TypeDescription> {

    private final Set<String> names;

    private TypeNames(Set<String> names) {
        this.names = names;
    }

    /** The classes of these binary names ({@code pkg.Outer$Inner}). */
    public static TypeNames of(String... names) {
        return new TypeNames(Set.of(names));
    }

    public Set<String> names() {
        return names;
    }

    @Override
    public boolean matches(TypeDescription type) {
        return names.contains(type.getName());
    }

    @Override
    public String toString() {
        return "named" + names;
    }
}
