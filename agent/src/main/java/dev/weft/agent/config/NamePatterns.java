package dev.weft.agent.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The two pattern languages of the YAML, turned into regular expressions.
 *
 * <p>Type names: {@code *} matches within one package segment, {@code **} across segments, and
 * {@code regex:...} is a Java regular expression matched against the whole name.
 * Method names: {@code *} matches any run of characters, {@code ?} one character, and
 * {@code regex:...} as above.
 *
 * <p>A regular expression runs on the thread that loads each class, so one that can backtrack
 * without end is refused: a repetition of a group that itself repeats ({@code (a+)+b},
 * {@code (\w+\.?)+Controller}) takes exponential time on some names. Shapes this check cannot see
 * are bounded when matching (a budget of character reads, see the weaver's selector matchers).
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
        Pattern pattern;
        try {
            pattern = Pattern.compile(expression);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("bad regular expression: " + e.getDescription()
                    + " near index " + e.getIndex() + " of '" + expression + "'");
        }
        String nested = nestedRepetition(expression);
        if (nested != null) {
            throw new IllegalArgumentException("regular expression '" + expression + "' repeats a group that itself "
                    + "repeats ('" + nested + "'), which can take exponential time on some names, on the thread that "
                    + "loads each class; write it without the nesting (e.g. [\\w.]+ rather than (\\w+\\.?)+), or make "
                    + "the inner repetition possessive (\\w++)");
        }
        return pattern;
    }

    /** A group being read: where it starts, and whether a repetition inside it can backtrack. */
    private static final class Group {
        final int start;
        final boolean atomic;
        boolean repeats;

        Group(int start, boolean atomic) {
            this.start = start;
            this.atomic = atomic;
        }
    }

    /**
     * The first group of a (valid) regular expression that is repeated without bound ({@code *},
     * {@code +}, {@code {n,}}) while something inside it repeats too, as written with its
     * quantifier; {@code null} when there is none. Possessive repetitions and atomic groups do not
     * backtrack and do not count.
     */
    static String nestedRepetition(String regex) {
        Deque<Group> open = new ArrayDeque<>();
        Group top = new Group(0, false);
        Group closed = null; // the group just closed, when the next token may be its quantifier
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            Group atom = closed;
            closed = null;
            if (c == '\\') {
                i = skipEscape(regex, i);
                continue;
            }
            if (c == '[') {
                i = skipClass(regex, i);
                continue;
            }
            if (c == '(') {
                if (regex.startsWith("(?", i) && flagsOnly(regex, i)) {
                    i = regex.indexOf(')', i) + 1;
                    continue;
                }
                open.push(top);
                top = new Group(i, regex.startsWith("(?>", i));
                i++;
                continue;
            }
            if (c == ')') {
                Group group = top;
                top = open.isEmpty() ? new Group(0, false) : open.pop();
                if (group.repeats && !group.atomic) {
                    top.repeats = true; // what repeats inside a group repeats inside the group around it
                }
                closed = group;
                i++;
                continue;
            }
            if (c == '*' || c == '+' || c == '?' || c == '{') {
                int end = quantifierEnd(regex, i);
                if (end < 0) { // a literal '{'
                    i++;
                    continue;
                }
                boolean unbounded = c == '*' || c == '+' || (c == '{' && regex.charAt(end - 2) == ',');
                boolean many = unbounded || (c == '{' && maxAbove1(regex.substring(i + 1, end - 1)));
                boolean possessive = end < n && regex.charAt(end) == '+';
                boolean lazy = end < n && regex.charAt(end) == '?';
                int after = possessive || lazy ? end + 1 : end;
                if (many && !possessive) {
                    if (unbounded && atom != null && atom.repeats && !atom.atomic) {
                        return regex.substring(atom.start, after);
                    }
                    top.repeats = true;
                }
                i = after;
                continue;
            }
            i++;
        }
        return null;
    }

    /** {@code (?i)} or {@code (?-s)}: flags, not a group. */
    private static boolean flagsOnly(String regex, int open) {
        for (int i = open + 2; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == ')') {
                return true;
            }
            if (!Character.isLetter(c) && c != '-') {
                return false;
            }
        }
        return false;
    }

    /** The index after an escape: {@code \Q...\E}, {@code \p{..}}, {@code \x{..}}, {@code \k<..>} or one character. */
    private static int skipEscape(String regex, int i) {
        if (i + 1 >= regex.length()) {
            return regex.length();
        }
        char next = regex.charAt(i + 1);
        if (next == 'Q') {
            int end = regex.indexOf("\\E", i + 2);
            return end < 0 ? regex.length() : end + 2;
        }
        if ((next == 'p' || next == 'P' || next == 'x' || next == 'N') && i + 2 < regex.length()
                && regex.charAt(i + 2) == '{') {
            int end = regex.indexOf('}', i + 3);
            return end < 0 ? regex.length() : end + 1;
        }
        if (next == 'k' && i + 2 < regex.length() && regex.charAt(i + 2) == '<') {
            int end = regex.indexOf('>', i + 3);
            return end < 0 ? regex.length() : end + 1;
        }
        return i + 2;
    }

    /** The index after a character class, nested classes and escapes included. */
    private static int skipClass(String regex, int i) {
        int depth = 0;
        int j = i;
        while (j < regex.length()) {
            char c = regex.charAt(j);
            if (c == '\\') {
                j = skipEscape(regex, j);
                continue;
            }
            if (c == '[') {
                depth++;
                j++;
                if (j < regex.length() && regex.charAt(j) == '^') {
                    j++;
                }
                if (j < regex.length() && regex.charAt(j) == ']') {
                    j++; // a ']' first in a class is literal
                }
                continue;
            }
            if (c == ']' && --depth == 0) {
                return j + 1;
            }
            j++;
        }
        return regex.length();
    }

    /** The index after a quantifier starting at {@code i}, or -1 when a '{' there is not one. */
    private static int quantifierEnd(String regex, int i) {
        if (regex.charAt(i) != '{') {
            return i + 1;
        }
        int close = regex.indexOf('}', i);
        if (close < 0 || !regex.substring(i + 1, close).matches("\\d+(,\\d*)?")) {
            return -1;
        }
        return close + 1;
    }

    /** Whether {@code n}, {@code n,} or {@code n,m} allows more than one. */
    private static boolean maxAbove1(String bounds) {
        int comma = bounds.indexOf(',');
        if (comma < 0) {
            return Long.parseLong(bounds) > 1;
        }
        String max = bounds.substring(comma + 1);
        return max.isEmpty() || Long.parseLong(max) > 1;
    }
}
