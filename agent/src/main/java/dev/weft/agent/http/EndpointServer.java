package dev.weft.agent.http;

import dev.weft.agent.support.DaemonThreads;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.TlsConfig;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.PrometheusCollector;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Weft's HTTP endpoint on the JDK's built-in server, on its own daemon threads so it never keeps
 * the service alive nor borrows the service's threads.
 */
public final class EndpointServer {

    /**
     * Weft's own limits on a request, below the JDK server's (200 headers, 380 KB): its paths take no
     * parameters and a scraper sends a handful of headers, so anything larger is not a scrape.
     */
    private static final int MAX_HEADER_VALUES = 64;
    private static final int MAX_URI_LENGTH = 2048;

    private final HttpServer server;
    /**
     * Reads and answers the exchanges on at most 32 threads, within deadlines that start when the
     * server hands a connection over; no number of stalled clients keeps a scrape out for long.
     */
    private final ExchangeScheduler exchanges = new ExchangeScheduler();
    private final AgentEndpoints agent;
    private final Routes routes;

    private EndpointServer(HttpServer server, MetricRegistry registry, AgentEndpoints agent) {
        this.server = server;
        this.agent = agent;
        this.routes = Routes.of(agent, new PrometheusCollector(registry));
    }

    /**
     * Binds and starts serving, over HTTPS when {@code tls} is given; throws {@link IOException} (e.g.
     * a {@code BindException}, or a key store that cannot be opened) if it cannot.
     */
    public static EndpointServer start(String host, int port, TlsConfig tls, MetricRegistry registry,
                                       AgentEndpoints agent) throws IOException {
        HttpServer server;
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } else {
            HttpsConfigurator configurator = new HttpsConfigurator(RotatingTls.of(tls)); // before the port is bound
            HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 16);
            https.setHttpsConfigurator(configurator);
            server = https;
        }
        EndpointServer endpoint = new EndpointServer(server, registry, agent);
        server.createContext("/", endpoint::handle);
        server.setExecutor(endpoint.exchanges);
        try {
            startAsDaemon(server);
        } catch (IOException | RuntimeException e) {
            endpoint.exchanges.stop();
            throw e;
        }
        return endpoint;
    }

    /** True when serving HTTPS. */
    public boolean secure() {
        return server instanceof HttpsServer;
    }

    /**
     * The JDK server's dispatcher thread takes its daemon flag from the thread that starts it. Started
     * from the application's main thread it would be a user thread, and a service whose main method
     * returns would never exit. So it is started from a daemon thread.
     */
    private static void startAsDaemon(HttpServer server) throws IOException {
        RuntimeException[] failure = new RuntimeException[1];
        Thread starter = DaemonThreads.start("weft-http-start", () -> {
            try {
                server.start();
            } catch (RuntimeException e) {
                failure[0] = e;
            }
        });
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the endpoint", e);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    public void stop() {
        server.stop(0);
        exchanges.stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchanges.requestRead()) {
                return; // cut off at its deadline as the request came in: the connection is closing
            }
            String refusal = refusal(exchange);
            Reply reply = refusal != null ? Reply.text(400, refusal + "\n")
                    : routes.answer(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                            exchange.getRequestHeaders(), agent.auth());
            send(exchange, reply);
        } catch (RuntimeException e) {
            WeftLog.warnOnce("endpoint:" + e.getClass().getName(), "endpoint request failed: " + e);
        }
    }

    /** Why the request is not one this endpoint takes, or {@code null} when it is. */
    private static String refusal(HttpExchange exchange) {
        int values = 0;
        for (List<String> header : exchange.getRequestHeaders().values()) {
            values += header.size();
        }
        if (exchange.getRequestURI().toString().length() > MAX_URI_LENGTH || values > MAX_HEADER_VALUES) {
            return "request too large for this endpoint (at most " + MAX_HEADER_VALUES + " header values and a "
                    + MAX_URI_LENGTH + "-character URI)";
        }
        String protocol = exchange.getProtocol();
        if (!protocol.equals("HTTP/1.1") && !protocol.equals("HTTP/1.0")) {
            return "this endpoint speaks HTTP/1.1 and HTTP/1.0, not " + protocol;
        }
        String method = exchange.getRequestMethod();
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        boolean body = exchange.getRequestHeaders().containsKey("Transfer-Encoding")
                || (length != null && !length.trim().equals("0"));
        if (body && (method.equals("GET") || method.equals("HEAD"))) {
            return "a " + method + " request carries no body";
        }
        return null;
    }

    private void send(HttpExchange exchange, Reply reply) throws IOException {
        reply.headers().forEach(exchange.getResponseHeaders()::set);
        exchange.getResponseHeaders().set("Content-Type", reply.contentType());
        // The JDK server sends the headers and the body in two writes without TCP_NODELAY (a JVM-wide
        // switch Weft leaves to the application): on a kept-alive connection the body then waits for
        // the client's delayed ACK, 40 ms per scrape. A new connection per request never waits.
        exchange.getResponseHeaders().set("Connection", "close");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        if (!exchanges.answering()) { // the client must take the answer in time
            return;
        }
        byte[] body = reply.body();
        exchange.sendResponseHeaders(reply.status(), head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }
}
