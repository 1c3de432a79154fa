package dev.weft.agent.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.PrometheusCollector;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;

/**
 * Weft's HTTP endpoint on the JDK's built-in server, on its own daemon threads so it never keeps
 * the service alive nor borrows the service's threads.
 */
public final class EndpointServer {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final PrometheusCollector collector;
    private final Supplier<String> healthJson;
    private final BooleanSupplier ready;

    private EndpointServer(HttpServer server, ExecutorService executor, MetricRegistry registry,
                           Supplier<String> healthJson, BooleanSupplier ready) {
        this.server = server;
        this.executor = executor;
        this.collector = new PrometheusCollector(registry);
        this.healthJson = healthJson;
        this.ready = ready;
    }

    /** Binds and starts serving; throws {@link IOException} (e.g. a {@code BindException}) if it cannot. */
    public static EndpointServer start(String host, int port, MetricRegistry registry,
                                       Supplier<String> healthJson, BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        AtomicInteger threads = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "weft-http-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        EndpointServer endpoint = new EndpointServer(server, executor, registry, healthJson, ready);
        server.createContext("/", endpoint::handle);
        server.setExecutor(executor);
        server.start();
        return endpoint;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public void stop() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, "only GET and HEAD are served\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/metrics" -> metrics(exchange);
                case "/health" -> send(exchange, 200, JSON, healthJson.get().getBytes(StandardCharsets.UTF_8));
                case "/ready" -> {
                    boolean isReady = ready.getAsBoolean();
                    send(exchange, isReady ? 200 : 503, JSON,
                            ("{\"status\":\"" + (isReady ? "READY" : "STARTING") + "\"}").getBytes(StandardCharsets.UTF_8));
                }
                case "/" -> send(exchange, 200, TEXT,
                        "Weft agent endpoints: /metrics /health /ready\n".getBytes(StandardCharsets.UTF_8));
                default -> send(exchange, 404, TEXT, "not found\n".getBytes(StandardCharsets.UTF_8));
            }
        } catch (RuntimeException e) {
            dev.weft.agent.WeftLog.warnOnce("endpoint:" + e.getClass().getName(),
                    "endpoint request failed: " + e);
        }
    }

    private void metrics(HttpExchange exchange) throws IOException {
        String contentType = TextFormat.chooseContentType(exchange.getRequestHeaders().getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        boolean gzip = acceptsGzip(exchange.getRequestHeaders().get("Accept-Encoding"));
        try (OutputStream out = gzip ? new GZIPOutputStream(body) : body;
             Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            TextFormat.writeFormat(contentType, writer, Collections.enumeration(collector.collect()));
        }
        if (gzip) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        send(exchange, 200, contentType, body.toByteArray());
    }

    private static boolean acceptsGzip(java.util.List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String value : acceptEncoding) {
            if (value.toLowerCase(java.util.Locale.ROOT).contains("gzip")) {
                return true;
            }
        }
        return false;
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
