package dev.weft.instrumentation.httpurlconnection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * JDK HTTP and HTTPS servers on 127.0.0.1 that keep the trace headers of every request they get.
 * They answer {@code /redirect} with a 302 to {@code /landing}, {@code /status/N} with N, and
 * everything else with 200; every answer has a body. The HTTPS one has a certificate made for
 * 127.0.0.1 by the JDK's {@code keytool}, which {@link #clientTls()} trusts.
 */
final class Peer implements AutoCloseable {

    /** One request as it came in. */
    record Received(String method, String path, String body, List<String> traceparent) {
    }

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpServer http;
    private final HttpsServer https;
    private final SSLContext tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    Peer(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        tls = selfSigned(dir);
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        for (HttpServer server : List.of(http, https)) {
            server.setExecutor(threads);
            server.createContext("/", this::answer);
            server.start();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + path;
    }

    String httpsUrl(String path) {
        return "https://127.0.0.1:" + https.getAddress().getPort() + path;
    }

    /** What a client needs to trust the HTTPS server. */
    SSLContext clientTls() {
        return tls;
    }

    /** The requests since the first {@code before} ones, in the order they came. */
    List<Received> since(int before) {
        List<Received> all = List.copyOf(received);
        return all.subList(before, all.size());
    }

    int count() {
        return received.size();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String path = exchange.getRequestURI().getPath();
        List<String> traceparent = exchange.getRequestHeaders().get("traceparent");
        received.add(new Received(exchange.getRequestMethod(), path, body,
                traceparent == null ? List.of() : List.copyOf(traceparent)));
        int status = 200;
        if (path.equals("/redirect")) {
            status = 302;
            exchange.getResponseHeaders().set("Location", "/landing");
        } else if (path.startsWith("/status/")) {
            status = Integer.parseInt(path.substring("/status/".length()));
        }
        byte[] answer = ("answer " + status).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    /** A key and a certificate for 127.0.0.1, made by {@code keytool}; the context serves and trusts them. */
    private static SSLContext selfSigned(Path dir) throws IOException, InterruptedException, GeneralSecurityException {
        Path store = dir.resolve("peer.p12");
        String keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool").toString();
        Process process = new ProcessBuilder(keytool, "-genkeypair", "-alias", "peer", "-keyalg", "EC",
                "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(keys);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        http.stop(0);
        https.stop(0);
        threads.shutdownNow();
    }
}
