package dev.weft.agent.json;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one JSON document, a token at a time: {@code beginObject().name("status").value("ok").endObject()}.
 * Compact for the endpoint, or indented by two spaces for files people read in a diff. Keys come out
 * in the order they are written. Misuse (a value without a name in an object, an unclosed
 * container) is an {@link IllegalStateException}, never malformed output.
 */
public final class JsonWriter {

    private enum Scope { DOCUMENT, EMPTY_OBJECT, OBJECT, NAME, EMPTY_ARRAY, ARRAY, DONE }

    private final StringBuilder out = new StringBuilder();
    /** {@code null} when compact. */
    private final String indent;
    private final List<Scope> scopes = new ArrayList<>(List.of(Scope.DOCUMENT));

    private JsonWriter(String indent) {
        this.indent = indent;
    }

    /** No whitespace at all: {@code {"a":1,"b":[true]}}. */
    public static JsonWriter compact() {
        return new JsonWriter(null);
    }

    /** One member or element per line, two spaces per level, {@code "name": value}. */
    public static JsonWriter indented() {
        return new JsonWriter("  ");
    }

    /** {@code value} as one compact document. */
    public static String render(JsonWritable value) {
        return compact().value(value).toString();
    }

    public JsonWriter beginObject() {
        return open(Scope.EMPTY_OBJECT, '{');
    }

    public JsonWriter endObject() {
        return close(Scope.EMPTY_OBJECT, Scope.OBJECT, '}');
    }

    public JsonWriter beginArray() {
        return open(Scope.EMPTY_ARRAY, '[');
    }

    public JsonWriter endArray() {
        return close(Scope.EMPTY_ARRAY, Scope.ARRAY, ']');
    }

    /** The name of the object member whose value comes next. */
    public JsonWriter name(String name) {
        Scope scope = top();
        if (scope != Scope.EMPTY_OBJECT && scope != Scope.OBJECT) {
            throw new IllegalStateException("a name belongs in an object, not in " + scope);
        }
        if (scope == Scope.OBJECT) {
            out.append(',');
        }
        newline();
        set(Scope.NAME);
        out.append(quote(name)).append(indent == null ? ":" : ": ");
        return this;
    }

    /** A string, or {@code null}. */
    public JsonWriter value(String text) {
        return raw(quote(text));
    }

    public JsonWriter value(long number) {
        return raw(Long.toString(number));
    }

    /** A number, or {@code null} for NaN and infinities (JSON has neither); whole numbers without ".0". */
    public JsonWriter value(double number) {
        return raw(number(number));
    }

    /** A number with exactly {@code decimals} digits after the point ({@code 19.631}, {@code 0.000}); null for NaN and infinities. */
    public JsonWriter value(double number, int decimals) {
        return raw(Double.isFinite(number) ? String.format(Locale.ROOT, "%." + decimals + "f", number) : "null");
    }

    public JsonWriter value(boolean bool) {
        return raw(Boolean.toString(bool));
    }

    /** What {@code value} writes, or {@code null}. */
    public JsonWriter value(JsonWritable value) {
        if (value == null) {
            return nullValue();
        }
        int depth = scopes.size();
        value.writeTo(this);
        if (scopes.size() != depth) {
            throw new IllegalStateException(value.getClass().getName() + " left a container open or closed one of its caller's");
        }
        return this;
    }

    public JsonWriter nullValue() {
        return raw("null");
    }

    /** An array of strings. */
    public JsonWriter strings(Collection<String> texts) {
        beginArray();
        for (String text : texts) {
            value(text);
        }
        return endArray();
    }

    /**
     * A tree of plain values: maps with string keys (in their iteration order) as objects, lists as
     * arrays, strings, integers, doubles, booleans, {@code null} and {@link JsonWritable}s.
     */
    public JsonWriter tree(Object value) {
        if (value instanceof Map<?, ?> map) {
            beginObject();
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                name((String) entry.getKey()).tree(entry.getValue());
            }
            return endObject();
        }
        if (value instanceof List<?> list) {
            beginArray();
            for (Object element : list) {
                tree(element);
            }
            return endArray();
        }
        if (value == null) {
            return nullValue();
        }
        if (value instanceof String text) {
            return value(text);
        }
        if (value instanceof Double || value instanceof Float) {
            return value(((Number) value).doubleValue());
        }
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return value(((Number) value).longValue());
        }
        if (value instanceof Boolean bool) {
            return value(bool.booleanValue());
        }
        if (value instanceof JsonWritable writable) {
            return value(writable);
        }
        throw new IllegalArgumentException("not a JSON value: " + value.getClass());
    }

    /** The document; it must be complete. */
    @Override
    public String toString() {
        if (top() != Scope.DONE) {
            throw new IllegalStateException("the JSON document is not complete: " + out);
        }
        return out.toString();
    }

    /**
     * A JSON string literal, or {@code null}. Also a valid PromQL string literal: PromQL reads Go's
     * escapes, of which these are a subset.
     */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }

    /** A JSON number, or {@code null} for NaN and infinities; whole numbers without ".0". */
    static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    private JsonWriter open(Scope empty, char bracket) {
        beforeValue();
        out.append(bracket);
        scopes.add(empty);
        return this;
    }

    private JsonWriter close(Scope empty, Scope nonEmpty, char bracket) {
        Scope scope = top();
        if (scope != empty && scope != nonEmpty) {
            throw new IllegalStateException("'" + bracket + "' does not close " + scope);
        }
        scopes.remove(scopes.size() - 1);
        if (scope == nonEmpty) {
            newline();
        }
        out.append(bracket);
        return this;
    }

    private JsonWriter raw(String json) {
        beforeValue();
        out.append(json);
        return this;
    }

    /** Puts a separator before the value to come, and checks that a value may come here. */
    private void beforeValue() {
        switch (top()) {
            case DOCUMENT -> set(Scope.DONE);
            case NAME -> set(Scope.OBJECT);
            case EMPTY_ARRAY -> {
                set(Scope.ARRAY);
                newline();
            }
            case ARRAY -> {
                out.append(',');
                newline();
            }
            case EMPTY_OBJECT, OBJECT -> throw new IllegalStateException("a value in an object needs a name first");
            case DONE -> throw new IllegalStateException("a JSON document holds one value");
        }
    }

    /** In an indented document, a new line at the depth of the containers open now. */
    private void newline() {
        if (indent != null) {
            out.append('\n').append(indent.repeat(scopes.size() - 1));
        }
    }

    private Scope top() {
        return scopes.get(scopes.size() - 1);
    }

    private void set(Scope scope) {
        scopes.set(scopes.size() - 1, scope);
    }
}
