package acme.vthreads;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small service on the JDK HTTP server that hands each request's work to a virtual thread (or a
 * thread of a thread-per-task executor, or a structured task scope's subtask), which calls a peer
 * over HTTP. Usage: {@code java --enable-preview -jar virtual-threads.jar [port]}. Prints
 * {@code virtual-threads listening on http://127.0.0.1:PORT (Java N)} when ready.
 *
 * <p>{@code /hop?via=...} forks from a traced method, {@code &from=detached} from a method no one
 * traces, {@code &from=background} from a platform thread the service started at start, outside
 * any request; {@code /trace-headers} answers the {@code traceparent} it received.
 */
public final class VirtualThreadsApp {

    private final Forker forker = new Forker();
    private final BlockingQueue<Runnable> background = new LinkedBlockingQueue<>();
    private volatile String peer;

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        VirtualThreadsApp app = new VirtualThreadsApp();
        server.createContext("/", app::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        app.peer = "http://127.0.0.1:" + server.getAddress().getPort() + "/trace-headers";
        app.startBackgroundThread();
        System.out.println("virtual-threads listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " (Java " + Runtime.version().feature() + ")");
    }

    private void startBackgroundThread() {
        Thread thread = new Thread(() -> {
            while (true) {
                try {
                    background.take().run();
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "background");
        thread.setDaemon(true);
        thread.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int status = 200;
        String body;
        try {
            body = route(exchange);
        } catch (Exception e) {
            status = 500;
            body = "error: " + e;
        }
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private String route(HttpExchange exchange) throws Exception {
        URI uri = exchange.getRequestURI();
        Map<String, String> query = Query.parse(uri.getRawQuery());
        switch (uri.getPath()) {
            case "/hop": {
                String via = query.getOrDefault("via", "start");
                return switch (query.getOrDefault("from", "traced")) {
                    case "traced" -> forker.fork(via, peer);
                    case "detached" -> forker.detached(via, peer);
                    case "background" -> {
                        CompletableFuture<String> result = new CompletableFuture<>();
                        background.add(() -> {
                            try {
                                result.complete(forker.detached(via, peer));
                            } catch (Exception e) {
                                result.completeExceptionally(e);
                            }
                        });
                        yield result.get(30, TimeUnit.SECONDS);
                    }
                    default -> throw new IllegalArgumentException("no from " + query.get("from"));
                };
            }
            case "/trace-headers":
                return "traceparent=" + String.join("|", exchange.getRequestHeaders().getOrDefault("traceparent", List.of()));
            default:
                throw new IllegalArgumentException("no route " + uri.getPath());
        }
    }
}
