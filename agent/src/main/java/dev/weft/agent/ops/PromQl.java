package dev.weft.agent.ops;

import dev.weft.agent.json.JsonWriter;
import io.prometheus.client.Collector;

import java.math.BigDecimal;

/** Pieces of PromQL text, written so that any selector or SLO name stays a valid query. */
final class PromQl {

    private PromQl() {
    }

    /** A PromQL string literal: PromQL reads Go's escapes, of which JSON's are a subset. */
    static String string(String value) {
        return JsonWriter.quote(value);
    }

    /** {@code name="value"}. */
    static String equal(String label, String value) {
        return label + "=" + string(value);
    }

    /**
     * The matcher for the histogram bucket whose upper bound is exactly {@code seconds}. The agent
     * writes bounds as the Prometheus client does, with Java's {@code Double.toString} ({@code 0.25},
     * {@code 1.0}, {@code 5.0E-4}); Prometheus 3 rewrites them to the shortest decimal on ingestion
     * ({@code 1}, {@code 0.0005}), so where the two differ both are accepted.
     */
    static String le(double seconds) {
        String served = Collector.doubleToGoString(seconds);
        String plain = number(seconds);
        if (served.equals(plain)) {
            return equal("le", served);
        }
        return "le=~" + string(regexLiteral(plain) + "|" + regexLiteral(served));
    }

    /** A number as people write it: {@code 0.005}, not {@code 0.0050000000000000044} or {@code 5.0E-3}. */
    static String number(double value) {
        return decimal(new BigDecimal(Double.toString(value)));
    }

    static String decimal(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }

    /** A Java regular expression (RE2 alike for these characters) that matches exactly {@code literal}. */
    static String regexLiteral(String literal) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if ("\\.+*?()|[]{}^$".indexOf(c) >= 0) {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
