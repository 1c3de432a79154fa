package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The endpoint's secrets rotated in a running service: the token or password file is rewritten,
 * removed, replaced by a rename, and the endpoint takes the new secret and refuses the old one,
 * with no restart, no reload and no edit of the config (watching it is off).
 */
class SecretRotationIT {

    private static final String PLACE = "/orders/place?item=book&qty=1";
    private static final String INSTRUMENT = """
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                record: [timer, count]
            """;

    private static HttpResponse<String> scrape(AppProcess app, String authorization) throws Exception {
        return AppProcess.send(HttpRequest.newBuilder(URI.create(app.metricsUrl())).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30)).GET().build());
    }

    private static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString(("prometheus:" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** How long a change took to be in force, from the write to the first answer that shows it. */
    private static long awaitAccepted(AppProcess app, String authorization) {
        long start = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> scrape(app, authorization).statusCode() == 200);
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void aRotatedBearerTokenFileIsTakenAndTheOldTokenRefused(@TempDir Path dir) throws Exception {
        Path token = dir.resolve("token");
        Files.writeString(token, "first-token\n");
        Path config = Configs.write(dir, "weft.yaml", INSTRUMENT + """
                exporters:
                  prometheus:
                    auth:
                      bearer-token-file: token
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=false").awaitAppAndAgent();
             Traffic traffic = new Traffic(app, PLACE, "order ")) {
            assertEquals(200, scrape(app, "Bearer first-token").statusCode());
            assertEquals(401, app.weft("/metrics").statusCode());

            // Rewritten in place, as `echo second-token > token` does.
            Files.writeString(token, "second-token\n");
            long rewritten = awaitAccepted(app, "Bearer second-token");
            assertEquals(401, scrape(app, "Bearer first-token").statusCode(), "the old token is refused");
            assertEquals(1, app.stderrLinesWith(token + " changed: the endpoint takes the new secret").size(),
                    String.join("\n", app.stderr()));

            // Gone (a rotation half done): the token in force stays, and Weft says so once.
            Files.delete(token);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertEquals(200, scrape(app, "Bearer second-token").statusCode(), "the token in force stays");
                return !app.stderrLinesWith("cannot read the secret in " + token).isEmpty();
            });
            for (int i = 0; i < 5; i++) {
                Thread.sleep(300);
                assertEquals(200, scrape(app, "Bearer second-token").statusCode());
            }
            assertEquals(1, app.stderrLinesWith("cannot read the secret in " + token).size(), "said once");
            assertTrue(app.stderrLinesWith("cannot read the secret in " + token).get(0)
                    .endsWith("(no such file): the previous one stays in force until the file changes"));

            // A new file renamed over the old one, as Kubernetes updates a mounted secret.
            Path next = dir.resolve("token.new");
            Files.writeString(next, "third-token");
            Files.move(next, token, StandardCopyOption.ATOMIC_MOVE);
            long renamed = awaitAccepted(app, "Bearer third-token");
            assertEquals(401, scrape(app, "Bearer second-token").statusCode());
            assertEquals(401, scrape(app, "Bearer first-token").statusCode());

            long served = traffic.stop();
            assertTrue(traffic.failures().isEmpty(), traffic.failures().toString());
            assertTrue(served > 0);
            String stderr = String.join("\n", app.stderr());
            assertTrue(app.stderrLinesWith("config reloaded").isEmpty(), "no reload: " + stderr);
            for (String secret : new String[] {"first-token", "second-token", "third-token"}) {
                assertTrue(stderr.indexOf(secret) < 0, "a token is never logged");
            }
            ReliabilityLog.row("HTTP endpoint", "the bearer token file rotated while the service runs (config not "
                            + "watched): rewritten in place, then deleted, then replaced by a rename",
                    served + " app requests during the run, 0 failed",
                    "took each new token and refused the old ones; while the file was gone kept the token in force "
                            + "and said so once; no restart, no reload",
                    "new token in force " + rewritten + " ms after the rewrite, " + renamed + " ms after the rename");
        }
    }

    @Test
    void aRotatedBasicPasswordFileIsTakenAndTheOldPasswordRefused(@TempDir Path dir) throws Exception {
        Path password = dir.resolve("scrape-password");
        Files.writeString(password, "first-password\n");
        Path config = Configs.write(dir, "weft.yaml", INSTRUMENT + """
                exporters:
                  prometheus:
                    auth:
                      basic:
                        username: prometheus
                        password-file: scrape-password
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0,watch=false").awaitAppAndAgent()) {
            assertEquals(200, scrape(app, basic("first-password")).statusCode());
            assertEquals(401, scrape(app, basic("second-password")).statusCode());

            // Emptied (caught between a truncation and a write that never came): kept, said once.
            Files.writeString(password, "");
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                assertEquals(200, scrape(app, basic("first-password")).statusCode(), "the password in force stays");
                return !app.stderrLinesWith("cannot read the secret in " + password).isEmpty();
            });
            assertEquals(1, app.stderrLinesWith("cannot read the secret in " + password + " again (it is empty)").size());

            Files.writeString(password, "second-password\n");
            long rewritten = awaitAccepted(app, basic("second-password"));
            assertEquals(401, scrape(app, basic("first-password")).statusCode(), "the old password is refused");
            assertEquals(401, app.weft("/metrics").statusCode());
            assertEquals(200, app.weft("/health").statusCode(), "health stays open for probes");
            assertEquals(200, app.app(PLACE).statusCode());

            String stderr = String.join("\n", app.stderr());
            assertTrue(app.stderrLinesWith("config reloaded").isEmpty(), "no reload: " + stderr);
            assertTrue(stderr.indexOf("first-password") < 0 && stderr.indexOf("second-password") < 0,
                    "a password is never logged");
            assertEquals(1, app.stderrLinesWith("cannot read the secret").size(), stderr);
            ReliabilityLog.row("HTTP endpoint", "the basic-auth password file rotated while the service runs "
                            + "(config not watched): emptied, then rewritten",
                    "app requests answered",
                    "kept the password in force while the file was empty and said so once; then took the new "
                            + "password and refused the old one; no restart, no reload",
                    "new password in force " + rewritten + " ms after the rewrite");
        }
    }
}
