package acme.peer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The service the W3C Trace Context test suite calls ({@code test.py} of github.com/w3c/trace-context).
 * The harness POSTs a JSON array of {@code {"url": ..., "arguments": [...]}} to {@code /test/<client>};
 * for each element, in order, this POSTs {@code arguments} as JSON to {@code url} through the named
 * HTTP client, then answers 200. It has no trace code: whatever trace headers the callbacks carry,
 * an agent put there.
 *
 * <p>Usage: {@code java -jar trace-context-peer.jar [port]} (default: system property
 * {@code peer.port}, else 0, a free port). Prints
 * {@code trace-context-peer listening on http://127.0.0.1:PORT (Java N)} when ready.
 *
 * <p>To add a client library: write one class implementing {@link Client} (its {@code post} makes
 * one POST and reads the answer whole), add one line naming it to {@link #CLIENTS}, and add the
 * library to this module's {@code pom.xml} (it is copied into {@code target/lib} and put on the
 * jar's class path). The integration test runs the suite once per name it lists.
 */
public final class PeerApp {

    /** The clients by name; each is made the first time a request names it. */
    private static final Map<String, Supplier<Client>> CLIENTS = Map.of(
            "urlconnection", UrlConnectionClient::new,
            "jdk-http-client", JdkHttpClient::new,
            "pool", PoolClient::new,
            "apache5", Apache5Client::new,
            "apache5-async", Apache5AsyncClient::new,
            "apache4", Apache4Client::new,
            "reactor-netty", ReactorNettyClient::new,
            "okhttp", OkHttpClient::new,
            "okhttp-async", OkHttpAsyncClient::new);

    private final Map<String, Client> made = new TreeMap<>();

    private PeerApp() {
    }

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args.length > 0 ? args[0] : System.getProperty("peer.port", "0"));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        PeerApp app = new PeerApp();
        server.createContext("/test/", app::handle);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.start();
        System.out.println("trace-context-peer listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " (Java " + Runtime.version().feature() + ")");
    }

    private void handle(HttpExchange exchange) throws IOException {
        String name = exchange.getRequestURI().getPath().substring("/test/".length());
        int status = 200;
        String body = "{}";
        try {
            Client client = client(name);
            if (client == null) {
                status = 404;
                body = Json.write(Map.of("error", "no client '" + name + "'; there are " + new TreeMap<>(CLIENTS).keySet()));
            } else if (!exchange.getRequestMethod().equals("POST")) {
                status = 405;
                body = Json.write(Map.of("error", "POST only"));
            } else {
                Object instructions = Json.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                for (Object action : (List<?>) instructions) {
                    Map<?, ?> callback = (Map<?, ?>) action;
                    Object arguments = callback.get("arguments");
                    client.post((String) callback.get("url"), Json.write(arguments == null ? List.of() : arguments));
                }
            }
        } catch (Exception e) {
            // The harness only sees a callback missing; the test shows this line from stderr.
            System.err.println("trace-context-peer: " + name + ": " + e);
            status = 500;
            body = Json.write(Map.of("error", String.valueOf(e)));
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private Client client(String name) {
        Supplier<Client> supplier = CLIENTS.get(name);
        if (supplier == null) {
            return null;
        }
        synchronized (made) {
            return made.computeIfAbsent(name, n -> supplier.get());
        }
    }
}
