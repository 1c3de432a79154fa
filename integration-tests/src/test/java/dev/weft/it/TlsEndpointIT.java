package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint over HTTPS (a PKCS#12 key store made by the JDK's keytool) behind basic auth. */
class TlsEndpointIT {

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
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: checkout
                    class: acme.orders.OrderService
                exporters:
                  prometheus:
                    tls:
                      keystore: weft.p12
                      password-file: tls-password
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(200, app.app("/orders/place?item=a&qty=1").statusCode());
            assertEquals(1, app.stderrLinesWith("endpoint not started").size(), String.join("\n", app.stderr()));
            assertTrue(app.stderrLinesWith("endpoint not started").get(0).contains("cannot use the key store "
                    + keystore), String.join("\n", app.stderr()));
            assertTrue(app.stderrLinesWith("[weft] Weft ").get(0).endsWith("endpoint none"));
        }
    }

    private static SSLContext trusting(Path keystore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
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
