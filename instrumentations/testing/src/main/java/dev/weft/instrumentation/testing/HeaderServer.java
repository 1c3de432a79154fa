package dev.weft.instrumentation.testing;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HTTP server on 127.0.0.1 that answers every request with 200 and keeps the trace headers
 * each request came with: the peer of the HTTP client tests.
 */
public final class HeaderServer implements AutoCloseable {

    private final HttpServer server;
    private final List<List<String>> traceparents = new CopyOnWriteArrayList<>();

    public HeaderServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                body.readAllBytes();
            }
            List<String> values = exchange.getRequestHeaders().get("traceparent");
            traceparents.add(values == null ? List.of() : List.copyOf(values));
            byte[] answer = "ok".getBytes();
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The {@code traceparent} values of each request so far, in order. */
    public List<List<String>> traceparents() {
        return List.copyOf(traceparents);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
