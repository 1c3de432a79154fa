package acme.edge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * A service made of the class shapes an agent meets in real code, each behind a path that returns
 * what it computed, so a test can compare the answers with and without an agent:
 * {@code /run?n=N} (enums, records, lambdas, synthetic classes and bridges, natives, abstract
 * methods, constructors), {@code /overflow}, {@code /recurse?n=N}, {@code /hidden}, {@code /interrupts?n=N},
 * {@code /loader?jar=path}, {@code /isolated?jar=path&n=N}, {@code /optional?n=N},
 * {@code /internal} and {@code /worker?n=N}.
 */
public final class EdgeCasesApp {

    private EdgeCasesApp() {
    }

    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8081;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/", EdgeCasesApp::handle);
        server.start();
        System.out.println("edge-cases listening on http://127.0.0.1:" + server.getAddress().getPort()
                + " (Java " + Runtime.version().feature() + ")");
    }

    private static void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String body;
        int status = 200;
        try {
            body = switch (exchange.getRequestURI().getPath()) {
                case "/run" -> run(Integer.parseInt(query.getOrDefault("n", "1")));
                case "/overflow" -> overflow();
                case "/recurse" -> "recurse " + new Recursion().down(Integer.parseInt(query.getOrDefault("n", "100")));
                case "/hidden" -> hidden();
                case "/interrupts" -> interrupts(Integer.parseInt(query.getOrDefault("n", "1000")));
                case "/loader" -> loader(query.get("jar"));
                case "/isolated" -> isolated(query.get("jar"), Integer.parseInt(query.getOrDefault("n", "100000")));
                case "/optional" -> optional(Integer.parseInt(query.getOrDefault("n", "1")));
                case "/internal" -> internal();
                case "/worker" -> LazyWorker.run(Integer.parseInt(query.getOrDefault("n", "1")));
                default -> throw new IllegalArgumentException("no route");
            };
        } catch (Throwable t) {
            status = 500;
            body = "error " + t;
        }
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Each shape {@code n} times; the answer is a digest of every result, the same with or without an agent. */
    static String run(int n) {
        long digest = 0;
        int rejected = 0;
        Lambdas lambdas = new Lambdas();
        Natives natives = new Natives();
        for (int i = 0; i < n; i++) {
            digest = digest * 31 + (long) Shape.SQUARE.area(i) + (long) Shape.CIRCLE.area(i);
            Point point = new Point(i, i + 1);
            digest = digest * 31 + point.distanceSquared() + point.hashCode() + (point.equals(new Point(i, i + 1)) ? 1 : 0);
            try {
                new Point(-1, i);
            } catch (IllegalArgumentException e) {
                rejected++;
            }
            digest = digest * 31 + lambdas.sumOfSquares(i % 50);
            digest = digest * 31 + ColorNames.name(Color.values()[i % 3]).length();
            Comparable<ColorNames> comparable = new ColorNames(i); // called through the bridge method
            digest = digest * 31 + comparable.compareTo(new ColorNames(n / 2));
            digest = digest * 31 + natives.plain(i);
            AbstractBase base = new Concrete(i % 1000);
            digest = digest * 31 + base.twice(i);
            try {
                new Concrete(5000);
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }
        return "run n=" + n + " digest=" + digest + " rejected=" + rejected;
    }

    /** Recurses until the stack overflows, catches that, and recurses normally after. */
    static String overflow() {
        Recursion recursion = new Recursion();
        String caught = "no";
        try {
            recursion.forever(0);
        } catch (StackOverflowError e) {
            caught = "yes";
        }
        return "overflow caught=" + caught + " after=" + recursion.down(100);
    }

    /** Defines HiddenTemplate's class file again as a hidden class and calls it. */
    static String hidden() throws Exception {
        byte[] bytes;
        try (InputStream in = EdgeCasesApp.class.getResourceAsStream("HiddenTemplate.class")) {
            bytes = in.readAllBytes();
        }
        Class<?> hidden = MethodHandles.lookup().defineHiddenClass(bytes, true).lookupClass();
        IntSupplier supplier = (IntSupplier) hidden.getDeclaredConstructor().newInstance();
        return "hidden " + hidden.isHidden() + " value=" + supplier.getAsInt();
    }

    /**
     * One thread naps {@code n} times in each of two ways while another interrupts it without pause.
     * Every interruption must reach the application's code exactly as without an agent.
     */
    static String interrupts(int n) throws InterruptedException {
        Sleeper sleeper = new Sleeper();
        int[] seen = new int[3]; // naps interrupted, naps thrown out, status lost
        Thread worker = new Thread(() -> {
            for (int i = 0; i < n; i++) {
                if (sleeper.nap() == 1) {
                    seen[0]++;
                    if (!Thread.interrupted()) {
                        seen[2]++; // nap restored the status; it must still be set here
                    }
                }
                try {
                    sleeper.napOrThrow();
                } catch (InterruptedException e) {
                    seen[1]++;
                }
            }
        }, "napper");
        Thread storm = new Thread(() -> {
            while (worker.isAlive()) {
                worker.interrupt();
                Thread.onSpinWait();
            }
        }, "interrupter");
        worker.start();
        storm.start();
        worker.join();
        storm.join();
        return "interrupts n=" + n + " interrupted=" + seen[0] + " thrown=" + seen[1] + " lost=" + seen[2];
    }

    /**
     * Loads a class from {@code jar} in a class loader of its own, calls it, drops every reference
     * to the loader and collects garbage until it is gone (or 10 s pass).
     */
    static String loader(String jar) throws Exception {
        WeakReference<ClassLoader> ref = callPluginInOwnLoader(jar);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ref.get() != null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(50);
        }
        return "loader collected=" + (ref.get() == null);
    }

    private static WeakReference<ClassLoader> callPluginInOwnLoader(String jar) throws Exception {
        URLClassLoader loader = new URLClassLoader(new URL[] {Paths.get(jar).toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Object greeter = loader.loadClass("acme.plugin.Greeter").getConstructor().newInstance();
        Method greet = greeter.getClass().getMethod("greet", String.class);
        for (int i = 0; i < 10; i++) {
            greet.invoke(greeter, "loader");
        }
        loader.close();
        return new WeakReference<>(loader);
    }

    /**
     * Calls the plugin's greeter {@code n} times in a loader that delegates as a module system does
     * ({@link IsolatingLoader}); answers what it computed and the mean time per call.
     */
    static String isolated(String jar, int n) throws Exception {
        try (IsolatingLoader loader = new IsolatingLoader(Paths.get(jar).toUri().toURL())) {
            Object greeter = loader.loadClass("acme.plugin.Greeter").getConstructor().newInstance();
            Method greet = greeter.getClass().getMethod("greet", String.class);
            int length = 0;
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                length += ((String) greet.invoke(greeter, "loader")).length();
            }
            long nanosPerCall = (System.nanoTime() - start) / Math.max(1, n);
            return "isolated n=" + n + " length=" + length + " ns/call=" + nanosPerCall;
        }
    }

    /** Calls the optional-dependency class's working method {@code n} times. */
    static String optional(int n) {
        OptionalFeature feature = new OptionalFeature();
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum += feature.work(i);
        }
        return "optional n=" + n + " sum=" + sum;
    }

    /** Whether this code may use the JDK's internal Unsafe: never, with or without an agent. */
    static String internal() {
        try {
            Object unsafe = Class.forName("jdk.internal.misc.Unsafe").getMethod("getUnsafe").invoke(null);
            return "internal allowed " + unsafe.getClass().getName();
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "internal refused " + e.getClass().getName();
        }
    }
}
