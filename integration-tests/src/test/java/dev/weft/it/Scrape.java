package dev.weft.it;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed Prometheus text exposition, for exact assertions on series. */
final class Scrape {

    record Series(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final List<Series> series = new ArrayList<>();
    private final String text;

    Scrape(String text) {
        this.text = text;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = LINE.matcher(line.trim());
            if (!m.matches()) {
                throw new AssertionError("not a sample line: " + line);
            }
            Map<String, String> labels = new LinkedHashMap<>();
            if (m.group(3) != null) {
                Matcher l = LABEL.matcher(m.group(3));
                while (l.find()) {
                    labels.put(l.group(1), l.group(2));
                }
            }
            series.add(new Series(m.group(1), labels, Double.parseDouble(m.group(4))));
        }
    }

    String text() {
        return text;
    }

    /** Every series of a sample name. */
    List<Series> all(String name) {
        List<Series> found = new ArrayList<>();
        for (Series s : series) {
            if (s.name.equals(name)) {
                found.add(s);
            }
        }
        return found;
    }

    /** Series of {@code name} whose labels include all the given pairs ({@code "k", "v", ...}). */
    List<Series> matching(String name, String... pairs) {
        List<Series> found = new ArrayList<>();
        for (Series s : all(name)) {
            boolean ok = true;
            for (int i = 0; i < pairs.length; i += 2) {
                if (!pairs[i + 1].equals(s.labels.get(pairs[i]))) {
                    ok = false;
                    break;
                }
            }
            if (ok) {
                found.add(s);
            }
        }
        return found;
    }

    /** The value of the single series of {@code name} with these labels; fails if absent or ambiguous. */
    double value(String name, String... pairs) {
        List<Series> found = matching(name, pairs);
        if (found.size() != 1) {
            throw new AssertionError("expected one series " + name + " " + List.of(pairs) + ", found " + found
                    + " in:\n" + text);
        }
        return found.get(0).value;
    }

    /** True when any series of {@code name} has these labels. */
    boolean has(String name, String... pairs) {
        return !matching(name, pairs).isEmpty();
    }

    /** True when any sample of any name carries label {@code key} = {@code value}. */
    boolean anyWithLabel(String key, String value) {
        for (Series s : series) {
            if (value.equals(s.labels.get(key))) {
                return true;
            }
        }
        return false;
    }
}
