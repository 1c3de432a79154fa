package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps the README's figures the ones the last benchmark run wrote: each block between
 * {@code <!-- bench:NAME -->} and {@code <!-- /bench:NAME -->} is replaced with results/NAME.md.
 */
public final class ReadmeTables {

    private static final Pattern BLOCK = Pattern.compile("(<!-- bench:([a-z-]+) -->\n)(.*?)(<!-- /bench:\\2 -->)", Pattern.DOTALL);

    private ReadmeTables() {
    }

    public static void update(Path readme, Path results) throws IOException {
        String text = Files.readString(readme);
        Matcher m = BLOCK.matcher(text);
        StringBuilder updated = new StringBuilder();
        while (m.find()) {
            Path report = results.resolve(m.group(2) + ".md");
            String body = Files.isRegularFile(report) ? Files.readString(report).replace("](per-call.png)",
                    "](" + readme.toAbsolutePath().getParent().relativize(results.toAbsolutePath()) + "/per-call.png)") : m.group(3);
            m.appendReplacement(updated, Matcher.quoteReplacement(m.group(1) + body + (body.endsWith("\n") ? "" : "\n") + m.group(4)));
        }
        m.appendTail(updated);
        Files.writeString(readme, updated.toString());
    }
}
