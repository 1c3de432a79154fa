package dev.weft.agent.http;

import java.util.Map;

/** Just enough JSON writing for the endpoint's small documents, without a JSON library. */
public final class Json {

    private Json() {
    }

    /** Minimal JSON string quoting for the small documents the endpoint writes. */
    public static String quote(String value) {
        if (value == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A number, or {@code null} for NaN and infinities (JSON has neither); whole numbers without ".0". */
    public static String number(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return "null";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }

    /** Writes a flat JSON object from ordered pairs whose values are already JSON. */
    public static String object(Map<String, String> jsonValues) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> entry : jsonValues.entrySet()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(quote(entry.getKey())).append(':').append(entry.getValue());
        }
        return out.append('}').toString();
    }

    /** Writes a JSON array of values that are already JSON. */
    public static String array(java.util.List<String> jsonValues) {
        return "[" + String.join(",", jsonValues) + "]";
    }

    /** Writes a JSON array of strings. */
    public static String strings(java.util.Collection<String> values) {
        java.util.List<String> quoted = new java.util.ArrayList<>(values.size());
        for (String value : values) {
            quoted.add(quote(value));
        }
        return array(quoted);
    }
}
