package dev.weft.instrumentation.weaving;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.none;

/** An instrumentation that only has a name and a group. */
record Stub(String name, String group) implements BuiltInInstrumentation {

    static Stub named(String name) {
        return new Stub(name, name);
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return none();
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of();
    }

    @Override
    public List<Reference> references() {
        return List.of();
    }
}
