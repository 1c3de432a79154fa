package dev.weft.agent.ops;

/** Writes YAML by hand, so the rules come out in a fixed order and layout, with comments. */
final class YamlText {

    private final StringBuilder out = new StringBuilder();

    /** A YAML double-quoted scalar: safe for any text, including PromQL and Go templates. */
    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }

    YamlText line(int indent, String text) {
        out.append(" ".repeat(indent)).append(text).append('\n');
        return this;
    }

    YamlText comment(int indent, String text) {
        for (String line : text.split("\n", -1)) {
            out.append(" ".repeat(indent)).append(line.isEmpty() ? "#" : "# " + line).append('\n');
        }
        return this;
    }

    /** {@code key: |-} and the text as a literal block, so multi-line PromQL stays readable. */
    YamlText block(int indent, String key, String text) {
        if (!text.contains("\n")) {
            return line(indent, key + ": " + quote(text));
        }
        line(indent, key + ": |-");
        for (String line : text.split("\n", -1)) {
            out.append(" ".repeat(indent + 2)).append(line).append('\n');
        }
        return this;
    }

    YamlText blank() {
        out.append('\n');
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
