package dev.weft.agent.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The two pattern languages of the YAML, turned into regular expressions.
 *
 * <p>Type names: {@code *} matches within one package segment, {@code **} across segments, and
 * {@code regex:...} is a Java regular expression matched against the whole name.
 * Method names: {@code *} matches any run of characters, {@code ?} one character, and
 * {@code regex:...} as above.
 */
public final class NamePatterns {

    public static final String REGEX_PREFIX = "regex:";

    private NamePatterns() {
    }

    /** Compiles a type-name pattern, or throws {@link IllegalArgumentException} saying what is wrong. */
    public static Pattern typePattern(String text) {
        if (text.startsWith(REGEX_PREFIX)) {
            return regex(text.substring(REGEX_PREFIX.length()));
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (text.contains("***")) {
            throw new IllegalArgumentException("'" + text + "' has '***'; use '*' (one package segment) or '**' (any depth)");
        }
        String[] segments = text.split("\\.", -1);
        for (String segment : segments) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "' has an empty name segment (check the dots)");
            }
            for (int i = 0; i < segment.length(); i++) {
                char c = segment.charAt(i);
                if (c != '*' && !Character.isJavaIdentifierPart(c)) {
                    throw new IllegalArgumentException("'" + text + "' has '" + c
                            + "', which cannot appear in a Java class name (use regex: for regular expressions)");
                }
            }
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                if (i + 1 < text.length() && text.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^.]*");
                }
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Compiles a method-name pattern, or throws {@link IllegalArgumentException} saying what is wrong. */
    public static Pattern methodPattern(String text) {
        if (text.startsWith(REGEX_PREFIX)) {
            return regex(text.substring(REGEX_PREFIX.length()));
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '*') {
                regex.append(".*");
            } else if (c == '?') {
                regex.append('.');
            } else if (Character.isJavaIdentifierPart(c)) {
                regex.append(Pattern.quote(String.valueOf(c)));
            } else {
                throw new IllegalArgumentException("'" + text + "' has '" + c
                        + "', which cannot appear in a Java method name (use regex: for regular expressions)");
            }
        }
        return Pattern.compile(regex.toString());
    }

    private static Pattern regex(String expression) {
        if (expression.isEmpty()) {
            throw new IllegalArgumentException("regex: is empty");
        }
        try {
            return Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " of '" + expression + "'");
        }
    }
}
