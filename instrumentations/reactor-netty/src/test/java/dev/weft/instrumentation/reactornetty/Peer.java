package dev.weft.instrumentation.reactornetty;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * The peer of the client tests: a JDK HTTP server on 127.0.0.1 that keeps the trace headers of
 * every request. {@code /redirect} answers 302 to {@code /items}, {@code /status/N} answers N,
 * {@code /slow} answers after two seconds, anything else 200 with the path as body.
 */
final class Peer implements AutoCloseable {

    /** One request as the peer saw it. */
    record Seen(String path, List<String> traceparent, List<String> tracestate) {
    }

    private final HttpServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    Peer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "peer");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            String path = exchange.getRequestURI().getPath();
            List<String> traceparent = exchange.getRequestHeaders().get("traceparent");
            List<String> tracestate = exchange.getRequestHeaders().get("tracestate");
            seen.add(new Seen(path, traceparent == null ? List.of() : List.copyOf(traceparent),
                    tracestate == null ? List.of() : List.copyOf(tracestate)));
            int status = 200;
            if (path.equals("/redirect")) {
                exchange.getResponseHeaders().set("Location", "/items");
                status = 302;
            } else if (path.startsWith("/status/")) {
                status = Integer.parseInt(path.substring("/status/".length()));
            } else if (path.equals("/slow")) {
                try {
                    Thread.sleep(2000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            byte[] answer = path.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Every request so far, in order. */
    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** The requests so far to {@code path}. */
    List<Seen> seen(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
