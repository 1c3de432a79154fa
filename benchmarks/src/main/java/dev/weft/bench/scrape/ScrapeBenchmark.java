package dev.weft.bench.scrape;

import dev.weft.bench.Agents;
import dev.weft.bench.ChildJvm;
import dev.weft.bench.Stats;
import dev.weft.bench.reload.GeneratedClasses;
import dev.weft.bench.reload.ManyClassesApp;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What one Prometheus scrape of {@code /metrics} costs as the number of series grows: a service
 * with Weft counting {@code series} methods ({@code record: [count]}, one
 * {@code weft_method_calls_total} series each) while a worker thread keeps calling them.
 */
public final class ScrapeBenchmark {

    private static final Pattern ENDPOINT = Pattern.compile("endpoint (http://[0-9.:]+)/metrics");
    private static final int METHODS_PER_CLASS = 4;

    record Scrape(int series, int methodSeries, int lines, long bytes, long gzipBytes, double[] millis) {
    }

    private final Agents agents;
    private final int[] seriesCounts;
    private final int scrapes;
    private final List<Scrape> results = new ArrayList<>();

    public ScrapeBenchmark(Agents agents, int[] seriesCounts, int scrapes) {
        this.agents = agents;
        this.seriesCounts = seriesCounts;
        this.scrapes = scrapes;
    }

    public ScrapeBenchmark run(Path work) throws Exception {
        int maxClasses = Arrays.stream(seriesCounts).max().orElseThrow() / METHODS_PER_CLASS;
        Path classes = work.resolve("scrape-classes");
        GeneratedClasses.compile(classes, maxClasses);
        for (int series : seriesCounts) {
            results.add(once(series, classes));
        }
        return this;
    }

    private Scrape once(int series, Path classes) throws Exception {
        var setup = agents.weft("Weft", """
                instrument:
                  - name: generated
                    class: "%s.*"
                    record: [count]
                """.formatted(GeneratedClasses.PACKAGE));
        String classPath = ChildJvm.selfClassPath() + java.io.File.pathSeparator + classes;
        try (ChildJvm app = ChildJvm.start(setup.jvmArgs(), List.of("-cp", classPath, ManyClassesApp.class.getName(),
                Integer.toString(series / METHODS_PER_CLASS)))) {
            app.expect("ready", 120);
            URI metrics = URI.create(app.expectStderr(ENDPOINT, 60).group(1) + "/metrics");
            for (int i = 0; i < 10; i++) {
                get(metrics, false); // warm-up: the JIT compiles the scrape path
            }
            double[] millis = new double[scrapes];
            byte[] body = null;
            for (int i = 0; i < scrapes; i++) {
                long start = System.nanoTime();
                body = get(metrics, false);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            int lines = 0;
            int methodSeries = 0;
            for (String line : text.split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) {
                    lines++;
                    if (line.startsWith("weft_method_calls_total{")) {
                        methodSeries++;
                    }
                }
            }
            System.err.printf("scrape: %d series: %.2f ms median, %d bytes%n", series, Stats.median(millis), body.length);
            return new Scrape(series, methodSeries, lines, body.length, get(metrics, true).length, millis);
        }
    }

    private static byte[] get(URI uri, boolean gzip) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
        if (gzip) {
            connection.setRequestProperty("Accept-Encoding", "gzip");
        }
        try (InputStream in = connection.getInputStream()) {
            if (connection.getResponseCode() != 200) {
                throw new IOException(uri + " answered " + connection.getResponseCode());
            }
            return in.readAllBytes();
        } finally {
            connection.disconnect();
        }
    }

    public String report() {
        StringBuilder md = new StringBuilder();
        md.append("Scrape cost: `GET /metrics` (text format 0.0.4) of a service whose Weft counts N methods, ")
                .append("one `weft_method_calls_total` series each, while they are being called; the JVM's own metrics ")
                .append("are in the same scrape. Java ").append(System.getProperty("java.version")).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" cores; ").append(scrapes)
                .append(" scrapes after 10 warm-up scrapes, from a client on the same machine.\n\n")
                .append("| method series | samples in the scrape | scrape time, ms: median | p99 | max | bytes | bytes, gzip |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Scrape s : results) {
            double[] sorted = s.millis().clone();
            Arrays.sort(sorted);
            md.append("| ").append(s.methodSeries()).append(s.methodSeries() == s.series() ? "" : " (of " + s.series() + " asked)")
                    .append(" | ").append(s.lines()).append(" | ")
                    .append(Stats.fmt(Stats.median(sorted))).append(" | ")
                    .append(Stats.fmt(Stats.percentileOfSorted(sorted, 99))).append(" | ")
                    .append(Stats.fmt(sorted[sorted.length - 1])).append(" | ")
                    .append(s.bytes()).append(" | ").append(s.gzipBytes()).append(" |\n");
        }
        return md.toString();
    }
}
