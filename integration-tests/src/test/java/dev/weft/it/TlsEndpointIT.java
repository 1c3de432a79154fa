package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint over HTTPS (a PKCS#12 key store made by the JDK's keytool) behind basic auth. */
class TlsEndpointIT {

    /** An endpoint whose TLS key store and its password are the files weft.p12 and tls-password beside the config. */
    private static final String TLS_FROM_FILES = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
            exporters:
              prometheus:
                tls:
                  keystore: weft.p12
                  password-file: tls-password
            """;

    private static final String PASSWORD = "changeit-for-tests";

    @Test
    void theEndpointServesHttpsWithTheKeyStoreGiven(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("weft.p12");
        keytool("-genkeypair", "-alias", "weft", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keystore.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD);
        Files.writeString(dir.resolve("tls-password"), PASSWORD + "\n");
        Files.writeString(dir.resolve("scrape-password"), "scrape-secret\n");
        // What Prometheus' tls_config plus basic_auth would scrape.
        Path config = Configs.write(dir, "weft.yaml", """
                exporters:
                  prometheus:
                    tls:
                      keystore: weft.p12
                      password-file: tls-password
                    auth:
                      basic:
                        username: prometheus
                        password-file: scrape-password
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertTrue(app.metricsUrl().startsWith("https://127.0.0.1:"), app.metricsUrl());
            HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(keystore)).build();
            HttpResponse<String> anonymous = trusting.send(HttpRequest.newBuilder(URI.create(app.metricsUrl()))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode());
            assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic realm="));
            String credentials = java.util.Base64.getEncoder().encodeToString("prometheus:scrape-secret".getBytes());
            HttpResponse<String> metrics = trusting.send(HttpRequest.newBuilder(URI.create(app.metricsUrl()))
                    .header("Authorization", "Basic " + credentials)
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("weft_selectors 0.0"), metrics.body());

            String plain = app.metricsUrl().replace("https://", "http://");
            assertThrows(java.io.IOException.class, () -> AppProcess.get(plain), "no plain HTTP on a TLS port");
            assertTrue(String.join("\n", app.stderr()).indexOf(PASSWORD) < 0, "the password is never logged");
            assertTrue(String.join("\n", app.stderr()).indexOf("scrape-secret") < 0, "nor the scrape password");
        }
    }

    @Test
    void aWrongPasswordCostsTheEndpointNotTheService(@TempDir Path dir) throws Exception {
        Path keystore = dir.resolve("weft.p12");
        keytool("-genkeypair", "-alias", "weft", "-keyalg", "EC", "-dname", "CN=localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
        Files.writeString(dir.resolve("tls-password"), "not-the-password");
        Path config = Configs.write(dir, "weft.yaml", TLS_FROM_FILES);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(1, app.stderrLinesWith("endpoint not started").size(), String.join("\n", app.stderr()));
            assertTrue(app.stderrLinesWith("endpoint not started").get(0).contains("cannot use the key store "
                    + keystore), String.join("\n", app.stderr()));
            assertTrue(app.stderrLinesWith("[weft] Weft ").get(0).endsWith("endpoint none"));
        }
    }

    @Test
    void aReplacedKeyStoreIsServedToNewConnectionsAndABrokenOneKeepsThePrevious(@TempDir Path dir) throws Exception {
        Path first = dir.resolve("first.p12");
        Path second = dir.resolve("second.p12");
        String secondPassword = "rotated-" + PASSWORD;
        keyStore(first, "CN=first", PASSWORD);
        keyStore(second, "CN=second", secondPassword);
        Path keystore = dir.resolve("weft.p12");
        Files.copy(first, keystore);
        Path passwordFile = dir.resolve("tls-password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Path config = Configs.write(dir, "weft.yaml", TLS_FROM_FILES);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=false").awaitAppAndAgent();
             Traffic traffic = new Traffic(app, "/orders/place?item=book&qty=1", "order ")) {
            assertEquals(200, scrapeTrusting(app, first, PASSWORD));
            assertThrows(SSLHandshakeException.class, () -> scrapeTrusting(app, second, secondPassword));

            // Half copied: not a key store. The certificate in force stays, and Weft says so once.
            Files.write(keystore, Arrays.copyOf(Files.readAllBytes(second), 100));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertEquals(200, scrapeTrusting(app, first, PASSWORD), "the certificate in force stays");
                return !app.stderrLinesWith("cannot use the changed key store").isEmpty();
            });
            for (int i = 0; i < 5; i++) {
                Thread.sleep(300);
                assertEquals(200, scrapeTrusting(app, first, PASSWORD));
            }
            assertEquals(1, app.stderrLinesWith("cannot use the changed key store " + keystore).size(),
                    String.join("\n", app.stderr()));

            // The new key store, with a new password, in place: new connections get its certificate.
            Files.writeString(passwordFile, secondPassword + "\n");
            Files.copy(second, keystore, StandardCopyOption.REPLACE_EXISTING);
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                    .until(() -> scrapeTrusting(app, second, secondPassword) == 200);
            long rotatedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThrows(SSLHandshakeException.class, () -> scrapeTrusting(app, first, PASSWORD),
                    "the old certificate is no longer served");
            assertEquals(1, app.stderrLinesWith("the key store " + keystore + " changed: new connections get its "
                    + "certificate (CN=second, valid until ").size(), String.join("\n", app.stderr()));

            long served = traffic.stop();
            assertTrue(traffic.failures().isEmpty(), traffic.failures().toString());
            String stderr = String.join("\n", app.stderr());
            assertEquals(1, app.stderrLinesWith("cannot use the changed key store").size(), stderr);
            assertTrue(app.stderrLinesWith("config reloaded").isEmpty(), "no reload: " + stderr);
            assertTrue(stderr.indexOf(PASSWORD) < 0, "no password is logged");
            ReliabilityLog.row("HTTP endpoint", "the TLS key store replaced while the service runs (config not "
                            + "watched): first by a truncated copy, then by a new key store with a new password",
                    served + " app requests during the run, 0 failed",
                    "kept serving the certificate in force while the file was broken and said so once; then served "
                            + "the new certificate to new connections and no longer the old one; no restart, no reload",
                    "new certificate served " + rotatedMillis + " ms after the copy");
        }
    }

    /** The status of a scrape by a client that trusts only the certificate of {@code keystore}. */
    private static int scrapeTrusting(AppProcess app, Path keystore, String password) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(keystore, password)).build();
        return client.send(HttpRequest.newBuilder(URI.create(app.metricsUrl())).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private static void keyStore(Path file, String name, String password) throws Exception {
        keytool("-genkeypair", "-alias", "weft", "-keyalg", "EC", "-dname", name, "-ext", "SAN=ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", password, "-keypass", password);
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        return trusting(keystore, PASSWORD);
    }

    private static SSLContext trusting(Path keystore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        JdkTools.run("keytool", args);
    }
}
