package dev.weft.instrumentation.api;

import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.Objects;

/**
 * Advice for the methods a matcher selects among those a matched class declares.
 *
 * @param methods     the methods, among those the instrumented class declares
 * @param adviceClass the binary name of the advice class ({@code pkg.Outer$Inner} for a nested one);
 *                    it is read as a class file and never loaded
 */
public record MethodAdvice(ElementMatcher<? super MethodDescription> methods, String adviceClass) {

    public MethodAdvice {
        Objects.requireNonNull(methods, "methods");
        Objects.requireNonNull(adviceClass, "adviceClass");
    }

    public static MethodAdvice on(ElementMatcher<? super MethodDescription> methods, String adviceClass) {
        return new MethodAdvice(methods, adviceClass);
    }
}
