package dev.weft.instrumentation.okhttp;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A JDK HTTP server on 127.0.0.1 that keeps the trace headers of every request it gets. It answers
 * {@code /redirect} with a 302 to {@code /landing}, {@code /status/N} with N, {@code /slow...} after
 * 300 ms, and everything else with 200.
 */
final class Peer implements AutoCloseable {

    /** One request as it came in. */
    record Received(String path, List<String> traceparent, List<String> tracestate) {
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Peer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            received.add(new Received(path, values(exchange.getRequestHeaders().get("traceparent")),
                    values(exchange.getRequestHeaders().get("tracestate"))));
            int status = 200;
            if (path.equals("/redirect")) {
                status = 302;
                exchange.getResponseHeaders().set("Location", "/landing");
            } else if (path.startsWith("/status/")) {
                status = Integer.parseInt(path.substring("/status/".length()));
            } else if (path.startsWith("/slow")) {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = "ok".getBytes();
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request so far, in the order they came. */
    List<Received> received() {
        return List.copyOf(received);
    }

    /** The requests since the first {@code before} ones. */
    List<Received> since(int before) {
        List<Received> all = received();
        return all.subList(before, all.size());
    }

    private static List<String> values(List<String> values) {
        return values == null ? List.of() : List.copyOf(values);
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
