package dev.weft.it;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Elastic's mock OTLP server ({@code @elastic/mockotlpserver}, from npm), a real third-party OTLP
 * receiver, listening on 127.0.0.1:4318 (HTTP) and :4317 (gRPC). It prints each request it receives
 * as one line of JSON; this class keeps them for the test to look at.
 */
final class OtlpReceiver implements AutoCloseable {

    static final String HTTP_ENDPOINT = "http://127.0.0.1:4318";
    static final String GRPC_ENDPOINT = "http://127.0.0.1:4317";
    private static final Path CLI = Paths.get(System.getProperty("weft.otlp.receiver"));

    /** One received span, with the resource of the process that sent it. */
    record Span(String traceId, String spanId, String parentSpanId, String name, String kind,
                Map<String, Object> attributes, Map<String, Object> status, List<Map<String, Object>> events,
                Map<String, Object> resource, List<Map<String, Object>> links, long startNanos, long endNanos) {

        /** From start to end, in milliseconds. */
        double millis() {
            return (endNanos - startNanos) / 1e6;
        }

        /** No parent: the span starts its trace (the receiver leaves the field out or empty). */
        boolean isRoot() {
            return parentSpanId == null || parentSpanId.isEmpty();
        }

        boolean isError() {
            return "STATUS_CODE_ERROR".equals(status.get("code"));
        }
    }

    private final Process process;
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();

    private OtlpReceiver(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            Yaml json = new Yaml(new LoaderOptions());
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    log.add(line);
                    if (line.startsWith("{\"resource")) {
                        requests.add(json.load(line));
                    }
                }
            } catch (IOException ignored) {
                // the receiver stopped
            }
        }, "otlp-receiver-output");
        reader.setDaemon(true);
        reader.start();
    }

    static OtlpReceiver start() throws IOException {
        return start("json");
    }

    /**
     * A receiver that accepts every request and prints none: for a run that sends far more spans than a
     * test looks at, where the sender's own count of accepted spans ({@code weft_spans_exported_total})
     * is what is checked. {@link #spans()} stays empty.
     */
    static OtlpReceiver startQuiet() throws IOException {
        return start("spacer");
    }

    private static OtlpReceiver start(String output) throws IOException {
        Process process = new ProcessBuilder("node", CLI.toString(), "--hostname=127.0.0.1", "-o", output)
                .redirectErrorStream(true).start();
        OtlpReceiver receiver = new OtlpReceiver(process);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                receiver.log.stream().anyMatch(l -> l.contains("OTLP/HTTP listening")) || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("the OTLP receiver did not start: " + receiver.log);
        }
        return receiver;
    }

    /** Every span received so far. */
    @SuppressWarnings("unchecked")
    List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (Map<String, Object> request : requests) {
            for (Map<String, Object> resourceSpans : list(request.get("resourceSpans"))) {
                Map<String, Object> resource = map(map(resourceSpans.get("resource")).get("attributes"));
                for (Map<String, Object> scopeSpans : list(resourceSpans.get("scopeSpans"))) {
                    for (Map<String, Object> span : list(scopeSpans.get("spans"))) {
                        spans.add(new Span((String) span.get("traceId"), (String) span.get("spanId"),
                                (String) span.get("parentSpanId"), (String) span.get("name"), (String) span.get("kind"),
                                map(span.get("attributes")), map(span.get("status")), list(span.get("events")),
                                resource, list(span.get("links")), nanos(span.get("startTimeUnixNano")),
                                nanos(span.get("endTimeUnixNano"))));
                    }
                }
            }
        }
        return spans;
    }

    /** The spans named {@code name}. */
    List<Span> spans(String name) {
        return spans().stream().filter(span -> span.name().equals(name)).toList();
    }

    /** Every metric received so far, as {@code name → metric JSON}, the latest export winning. */
    Map<String, Map<String, Object>> metrics() {
        Map<String, Map<String, Object>> metrics = new java.util.LinkedHashMap<>();
        for (Map<String, Object> request : requests) {
            for (Map<String, Object> resourceMetrics : list(request.get("resourceMetrics"))) {
                for (Map<String, Object> scopeMetrics : list(resourceMetrics.get("scopeMetrics"))) {
                    for (Map<String, Object> metric : list(scopeMetrics.get("metrics"))) {
                        metrics.put((String) metric.get("name"), metric);
                    }
                }
            }
        }
        return metrics;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value) {
        return value == null ? List.of() : (List<Map<String, Object>>) value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A time of the receiver's JSON: a string of nanoseconds, or a number. */
    private static long nanos(Object value) {
        return value == null ? 0L : Long.parseLong(value.toString());
    }

}
