package dev.weft.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * What the reliability tests tried and saw, one row each, for RELIABILITY.md
 * ({@link ReliabilityReport} writes it from these rows). Rows go to
 * {@code target/reliability/rows-java<N>.tsv}, one file per JDK the tests ran on.
 */
final class ReliabilityLog {

    private static final Path DIR = Paths.get(System.getProperty("weft.reliability.dir", "target/reliability"));
    /** Rows of an earlier run are replaced, not added to. */
    private static boolean started;

    private ReliabilityLog() {
    }

    /**
     * @param area       e.g. "Config", "Weaving", "Runtime", "HTTP endpoint"
     * @param tried      the fault or input
     * @param serviceSaw what the application saw (its answers, its results)
     * @param weftDid    what Weft did and said
     * @param figures    numbers measured: requests served, errors, heap, drops
     */
    static synchronized void row(String area, String tried, String serviceSaw, String weftDid, String figures) {
        String feature = System.getProperty("weft.it.java.feature", "");
        String javaVersion = feature.isEmpty() ? Integer.toString(Runtime.version().feature()) : feature;
        String line = String.join("\t", clean(area), clean(tried), clean(serviceSaw), clean(weftDid), clean(figures)) + "\n";
        try {
            Files.createDirectories(DIR);
            Files.writeString(DIR.resolve("rows-java" + javaVersion + ".tsv"), line, StandardOpenOption.CREATE,
                    started ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            started = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ').replace("|", "\\|");
    }
}
