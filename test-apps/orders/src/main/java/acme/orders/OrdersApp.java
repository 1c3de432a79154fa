package acme.orders;

import acme.orders.audit.AuditTrail;
import acme.orders.pricing.PriceCalculator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small orders service on the JDK HTTP server. Usage: {@code java -jar orders.jar [port]}
 * (port 0 picks a free one). Prints {@code orders listening on http://127.0.0.1:PORT (Java N)} when ready.
 */
public final class OrdersApp {

    private final OrderService orders = new OrderService(new InMemoryOrderRepository());
    private final PriceCalculator prices = new PriceCalculator();
    private final ReportService reports = new ReportService();
    private final AuditTrail audit = new AuditTrail();
    private final Inventory inventory = new Inventory();
    private final Dispatcher dispatcher = new Dispatcher();
    private final RemoteCalls remote = new RemoteCalls();
    private final Outbox outbox = new Outbox();
    private final acme.orders.usage.UsageMeter usage = new acme.orders.usage.UsageMeter();
    private volatile Object plugin;

    private static org.slf4j.Logger log;

    public static void main(String[] args) throws IOException {
        // Two logging backends are on the class path; the service picks one, as services do.
        System.setProperty("slf4j.provider", "log4j".equals(System.getProperty("orders.logging"))
                ? "org.apache.logging.slf4j.SLF4JServiceProvider" : "ch.qos.logback.classic.spi.LogbackServiceProvider");
        System.setProperty("slf4j.internal.verbosity", "WARN");
        log = org.slf4j.LoggerFactory.getLogger(OrdersApp.class);
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        OrdersApp app = new OrdersApp();
        server.createContext("/", app::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
        System.out.println("orders listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " (Java " + Runtime.version().feature() + ")");
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (exchange.getRequestURI().getPath().equals("/trace-headers")) {
            // What this service received, for tests that check what a peer sent.
            query.put("traceparent", String.join("|", exchange.getRequestHeaders().getOrDefault("traceparent", java.util.List.of())));
        }
        int status = 200;
        String body;
        try {
            body = route(exchange.getRequestURI().getPath(), query);
        } catch (IllegalArgumentException e) {
            status = 400;
            body = "bad request: " + e.getMessage();
        } catch (OrderNotFoundException e) {
            status = 404;
            body = e.getMessage();
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

    private final acme.orders.fulfil.Fulfilment fulfilment = new acme.orders.fulfil.Fulfilment();

    private String route(String path, Map<String, String> query) throws Exception {
        switch (path) {
            case "/orders/place": {
                String item = query.getOrDefault("item", "widget");
                int qty = Integer.parseInt(query.getOrDefault("qty", "1"));
                long id = orders.placeOrder(item, qty);
                log.info("placed order {}", id);
                return "order " + id + " total " + prices.price(item, qty);
            }
            case "/orders/get":
                return orders.find(Long.parseLong(query.get("id"))).toString();
            case "/orders/find":
                return String.valueOf(orders.find(query.getOrDefault("item", "widget")));
            case "/orders/cancel":
                orders.cancel(Long.parseLong(query.get("id")));
                return "cancelled";
            case "/report":
                return reports.slowReport();
            case "/audit":
                audit.record(query.getOrDefault("msg", "hello"));
                return "audited";
            case "/spin":
                return String.valueOf(spin(Integer.parseInt(query.getOrDefault("threads", "1")),
                        Integer.parseInt(query.getOrDefault("calls", "1000"))));
            case "/plugin":
                return greet(query.getOrDefault("name", "world"));
            case "/rules":
                return String.valueOf(acme.orders.legacy.GeneratedRules.rule(Integer.parseInt(query.getOrDefault("i", "0"))));
            case "/hop": {
                String via = query.getOrDefault("via", "submit");
                return "detached".equals(query.get("from")) ? dispatcher.detached(via) : dispatcher.dispatch(via);
            }
            case "/forward":
                // Calls http://127.0.0.1:<to><path> from a worker thread with the client named by via.
                return remote.forward(query.getOrDefault("via", "httpclient"),
                        "http://127.0.0.1:" + query.get("to") + query.getOrDefault("path", "/ping"));
            case "/trace-headers":
                return "traceparent=" + query.get("traceparent");
            case "/relay":
                // Calls http://127.0.0.1:<to><path> in the request's own thread.
                return remote.call("httpclient", "http://127.0.0.1:" + query.get("to") + query.getOrDefault("path", "/ping"));
            case "/outbox/send":
                // Has the outbox's worker thread call http://127.0.0.1:<to><path>, through a queue of its own.
                return outbox.send("http://127.0.0.1:" + query.get("to") + query.getOrDefault("path", "/ping"));
            case "/inventory/reserve":
                return String.valueOf(inventory.reserve(query.getOrDefault("item", "widget"),
                        Integer.parseInt(query.getOrDefault("qty", "1"))));
            case "/inventory/release":
                return String.valueOf(inventory.release(query.getOrDefault("item", "widget"),
                        Integer.parseInt(query.getOrDefault("qty", "1"))));
            case "/inventory/restock":
                return String.valueOf(inventory.restock(query.getOrDefault("item", "widget")));
            case "/inventory/level":
                return String.valueOf(inventory.level(query.getOrDefault("item", "widget")));
            case "/ping":
                return "pong";
            case "/fulfil/ship":
                // a future completed on another thread ms later, failed when fail=true
                return fulfilment.ship(Long.parseLong(query.getOrDefault("ms", "200")),
                        Boolean.parseBoolean(query.get("fail"))).handle((v, e) -> e == null ? v : "failed: " + e).join();
            case "/fulfil/reserve":
                return fulfilment.reserve(query.getOrDefault("item", "pen"), Boolean.parseBoolean(query.get("fail")))
                        .onErrorResume(e -> reactor.core.publisher.Mono.just("failed: " + e)).block();
            case "/fulfil/stock":
                // an endless feed of which the caller takes a few: the rest is cancelled
                return String.valueOf(fulfilment.stock().take(Integer.parseInt(query.getOrDefault("take", "3")))
                        .collectList().block());
            case "/slowdown":
                // every placeOrder sleeps this long from now on (0: back to normal)
                Slowdown.set(Long.parseLong(query.getOrDefault("ms", "0")));
                return "slowdown " + query.getOrDefault("ms", "0") + " ms";
            case "/usage/burst": {
                // count calls in-process, each with a label value never seen before (a user id, say)
                int count = Integer.parseInt(query.getOrDefault("count", "1000"));
                String prefix = query.getOrDefault("prefix", "user-");
                acme.orders.usage.UsageEvent event = new acme.orders.usage.UsageEvent("burst",
                        new acme.orders.usage.UsageEvent.Customer("free"));
                long total = 0;
                for (int i = 0; i < count; i++) {
                    total = usage.record(prefix + i, event, 1);
                }
                return String.valueOf(total);
            }
            case "/usage": {
                acme.orders.usage.UsageEvent event = new acme.orders.usage.UsageEvent(query.getOrDefault("type", "chat"),
                        new acme.orders.usage.UsageEvent.Customer(query.getOrDefault("tier", "free")),
                        query.containsKey("campaign") ? new acme.orders.usage.Campaign(query.get("campaign")) : null);
                return String.valueOf(usage.record(query.getOrDefault("region", "eu"), event,
                        Integer.parseInt(query.getOrDefault("tokens", "1"))));
            }
            default:
                throw new IllegalArgumentException("no route " + path);
        }
    }

    /** Calls {@link WorkUnit#step} {@code calls} times on each of {@code threads} threads. */
    private static long spin(int threads, int calls) throws InterruptedException {
        AtomicLong total = new AtomicLong();
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            workers[t] = new Thread(() -> {
                long sum = 0;
                for (int i = 0; i < calls; i++) {
                    sum += WorkUnit.step(i);
                }
                total.addAndGet(sum);
            });
            workers[t].start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        return total.get();
    }

    /** Loads the plugin jar (system property orders.plugin.jar) in an isolated class loader. */
    private String greet(String name) throws Exception {
        if (plugin == null) {
            String jar = System.getProperty("orders.plugin.jar");
            if (jar == null) {
                throw new IllegalArgumentException("start with -Dorders.plugin.jar=...");
            }
            URLClassLoader loader = new URLClassLoader(new URL[]{Paths.get(jar).toUri().toURL()},
                    ClassLoader.getPlatformClassLoader());
            plugin = loader.loadClass("acme.plugin.Greeter").getDeclaredConstructor().newInstance();
        }
        Method greet = plugin.getClass().getMethod("greet", String.class);
        return (String) greet.invoke(plugin, name);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw == null) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }
}
