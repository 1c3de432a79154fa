package dev.weft.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Writes RELIABILITY.md from the rows the reliability tests logged ({@link ReliabilityLog}):
 * {@code java -cp integration-tests/target/test-classes dev.weft.it.ReliabilityReport <rows dir> <out.md>}.
 * bin/reliability runs the tests and then this.
 */
public final class ReliabilityReport {

    private static final List<String> AREAS = List.of("Config", "Weaving", "Transparency", "Runtime", "Concurrency",
            "HTTP endpoint");
    /** The area whose rows differ by JDK in their figures: rendered with the rows of every JDK. */
    private static final String TRANSPARENCY = "Transparency";

    private ReliabilityReport() {
    }

    public static void main(String[] args) throws IOException {
        Path rowsDir = Paths.get(args[0]);
        Path out = Paths.get(args[1]);
        Map<String, List<String[]>> byJdk = new TreeMap<>();
        try (Stream<Path> files = Files.list(rowsDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("rows-java")).sorted().toList()) {
                String jdk = file.getFileName().toString().replace("rows-java", "").replace(".tsv", "");
                List<String[]> rows = new ArrayList<>();
                for (String line : Files.readAllLines(file)) {
                    rows.add(line.split("\t", -1));
                }
                byJdk.put(jdk, rows);
            }
        }
        if (byJdk.isEmpty()) {
            throw new IllegalStateException("no rows in " + rowsDir + ": run the reliability tests first");
        }
        Files.writeString(out, render(byJdk));
        System.out.println("wrote " + out);
    }

    /**
     * A library's own test suite run with every method of the library woven, against the same suite
     * without Weft ({@code TransparencyIT}); one row per mode and JDK, since the times differ by JDK.
     */
    private static void transparency(StringBuilder md, Map<String, List<String[]>> byJdk) {
        List<String> rows = new ArrayList<>();
        for (Map.Entry<String, List<String[]>> jdk : byJdk.entrySet()) {
            for (String[] row : jdk.getValue()) {
                if (row[0].equals(TRANSPARENCY)) {
                    rows.add("| " + row[1] + " | " + jdk.getKey() + " | " + row[2] + " | " + row[3] + " | " + row[4] + " |\n");
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        md.append("## ").append(TRANSPARENCY).append("\n\n").append("""
                Weaving must never change what a program computes. A large library's own unit tests, from its
                released tests jar, run in a JVM of their own three times: without Weft, then with every method
                of the library (and of its tests, which share its packages) woven, once for metrics and once
                traced too. Every test must end as it ended without Weft; Weft's own counters show that it wove
                and counted. `bin/reliability` runs the whole suite; `bin/test` every test class but the
                slowest few.

                | suite and mode | Java | what the suite saw | what Weft did | wall time |
                |---|---|---|---|---|
                """);
        rows.forEach(md::append);
        md.append('\n');
    }

    static String render(Map<String, List<String[]>> byJdk) {
        String first = byJdk.keySet().iterator().next();
        Map<String, List<String[]>> byArea = new LinkedHashMap<>();
        for (String area : AREAS) {
            byArea.put(area, new ArrayList<>());
        }
        for (String[] row : byJdk.get(first)) {
            byArea.computeIfAbsent(row[0], k -> new ArrayList<>()).add(row);
        }
        StringBuilder md = new StringBuilder();
        md.append("""
                # Reliability

                An agent lives inside someone else's production process. These are the faults and inputs
                Weft's tests throw at it, each in a real JVM running a test service with the agent, and what
                happened. Every row is written by a test that also asserts it: a row exists only if the
                service kept its results and Weft behaved as described.

                Regenerate this file with `bin/reliability` (it runs the tests below, on Java 17 and Java 25,
                then writes this page from what they logged). The same tests run in `bin/test`.

                """);
        md.append("Rows below are from Java ").append(first).append(".");
        for (Map.Entry<String, List<String[]>> other : byJdk.entrySet()) {
            if (!other.getKey().equals(first)) {
                md.append(" The same ").append(other.getValue().size()).append(" checks also passed on Java ")
                        .append(other.getKey()).append(".");
            }
        }
        md.append("\n\n");
        for (Map.Entry<String, List<String[]>> area : byArea.entrySet()) {
            if (area.getKey().equals(TRANSPARENCY)) {
                transparency(md, byJdk);
                continue;
            }
            if (area.getValue().isEmpty()) {
                continue;
            }
            md.append("## ").append(area.getKey()).append("\n\n")
                    .append("| fault or input | what the service saw | what Weft did | figures |\n|---|---|---|---|\n");
            for (String[] row : area.getValue()) {
                md.append("| ").append(row[1]).append(" | ").append(row[2]).append(" | ").append(row[3])
                        .append(" | ").append(row[4]).append(" |\n");
            }
            md.append('\n');
        }
        md.append("""
                ## Security defaults

                - The endpoint binds `127.0.0.1` unless `exporters.prometheus.host` says otherwise; any other
                  address is named in a warning at start.
                - `exporters.prometheus.auth` puts every path but `/health` behind a bearer token or basic
                  credentials, read from a file or an environment variable and never logged; `tls` serves HTTPS
                  from a PKCS#12 key store (see the README). A rotated token, password or key store file is taken
                  within about a second, with no restart; one that cannot be used leaves the previous in force.
                - Only `GET` and `HEAD` are served (`POST` on `/reload`, and only with auth configured); other
                  methods get `405`. More than 64 header values, a URI over 2,048 characters, a body on
                  `GET`/`HEAD` or an HTTP version other than 1.0/1.1 get `400` (the JDK server itself refuses
                  more than 200 headers or 380 KB of request head). A client gets 5 s from its first byte to send
                  its request, however long it waits for a thread, and 30 s to take the answer; past that its
                  connection is closed. At most 32 threads and 96 waiting connections (taken newest first, the
                  oldest closed past that), and a thread yields a stalled request after 1 s when others wait, so
                  slow clients can neither hold Weft's threads nor keep a scrape waiting.
                - **Privacy default**: Weft records class and method names, durations, counts and exception
                  class names. It never reads argument or return values into metrics, spans or logs. Spans of
                  methods that throw carry the exception's message and stack trace, as OpenTelemetry's
                  conventions say; turn `trace` off for methods whose exception messages may hold personal data.
                - Not applicable: Weft writes no files, so a full disk cannot affect it.
                """);
        return md.toString();
    }
}
