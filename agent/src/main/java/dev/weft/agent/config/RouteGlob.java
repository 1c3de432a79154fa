package dev.weft.agent.config;

import java.util.regex.Pattern;

/**
 * A glob over URL paths: {@code *} is any run of characters within one segment, {@code **} any
 * run of segments ({@code /actuator/**} matches {@code /actuator} and {@code /actuator/health/db}).
 * Everything else is literal.
 */
public final class RouteGlob {

    private final String text;
    private final Pattern pattern;

    private RouteGlob(String text, Pattern pattern) {
        this.text = text;
        this.pattern = pattern;
    }

    /** The glob, or {@code null} when the text is not one (it must begin with {@code /}). */
    public static RouteGlob of(String text) {
        if (text == null || !text.startsWith("/")) {
            return null;
        }
        StringBuilder regex = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            if (text.startsWith("/**", i) && (i + 3 == text.length() || text.charAt(i + 3) == '/')) {
                regex.append("(?:/.*)?");
                i += 3;
            } else if (text.startsWith("**", i)) {
                regex.append(".*");
                i += 2;
            } else if (text.charAt(i) == '*') {
                regex.append("[^/]*");
                i++;
            } else {
                int next = nextWildcard(text, i);
                regex.append(Pattern.quote(text.substring(i, next)));
                i = next;
            }
        }
        return new RouteGlob(text, Pattern.compile(regex.toString()));
    }

    private static int nextWildcard(String text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '*' || text.startsWith("/**", i) && i > from) {
                return i;
            }
        }
        return text.length();
    }

    public boolean matches(String path) {
        return path != null && pattern.matcher(path).matches();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RouteGlob glob && glob.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
