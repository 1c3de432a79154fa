package dev.weft.instrumentation.api;

import java.util.List;
import java.util.Objects;

/**
 * A library class, or a method of one, that advice needs: the class must exist in the instrumented
 * class's loader, and the method must be declared by it or inherited (from a superclass or an
 * interface). A method is told by its name and parameter types; the return type is not compared.
 *
 * @param type           the class's binary name, e.g. {@code jakarta.servlet.http.HttpServletRequest}
 * @param method         the method's name, or {@code null} for the class alone
 * @param parameterTypes the parameters' names as written in Java ({@code int}, {@code java.lang.String[]})
 */
public record Reference(String type, String method, List<String> parameterTypes) {

    public Reference {
        Objects.requireNonNull(type, "type");
        parameterTypes = List.copyOf(parameterTypes);
    }

    /** The class must exist. */
    public static Reference type(String type) {
        return new Reference(type, null, List.of());
    }

    /** The class must exist and have this method. */
    public static Reference method(String type, String method, String... parameterTypes) {
        return new Reference(type, Objects.requireNonNull(method, "method"), List.of(parameterTypes));
    }

    /** {@code a.B#m(int,java.lang.String)}, or {@code a.B} for a class. */
    @Override
    public String toString() {
        return method == null ? type : type + "#" + method + "(" + String.join(",", parameterTypes) + ")";
    }
}
