package dev.weft.it;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end: the orders app with the agent, a real Prometheus server (Debian's {@code prometheus})
 * scraping it every second and evaluating the rules that {@code weft-agent.jar rules} made from the
 * same config. While the app is fast, the SLO alerts are inactive; once every order sleeps 300 ms,
 * the fast burn-rate alert fires and the agent's own verdict alert goes pending.
 */
class PrometheusAlertIT {

    /**
     * p99 below 100 ms: an error budget of 1%, so the fast burn needs more than 14.4% slow calls
     * over the last hour and the last 5 minutes, reached within seconds of the slowdown even
     * though the healthy minutes before it are part of the hour.
     */
    private static final String CONFIG = """
            service: {name: orders}
            instrument:
              - name: checkout
                class: acme.orders.OrderService
                methods: [placeOrder]
                record: [timer, count, errors]
            slos:
              - name: checkout-latency
                selector: checkout
                latency: {percentile: 99, below: 100ms}
                window: 20s
            """;

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AppProcess app;
    private Process prometheus;
    private ScheduledExecutorService traffic;
    private Path prometheusLog;

    @AfterEach
    void stopAll() throws InterruptedException {
        if (traffic != null) {
            traffic.shutdownNow();
            traffic.awaitTermination(10, TimeUnit.SECONDS);
        }
        if (prometheus != null) {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void sloAlertGoesFromInactiveToFiringWhenTheAppTurnsSlow(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(onPath("prometheus"), "no 'prometheus' binary on PATH: install the Debian package"
                + " prometheus (bin/test does) to run the end-to-end alert test");
        Path config = Configs.write(dir, "weft.yaml", CONFIG);
        WeftCli.Result rules = WeftCli.run("rules", "--config", config.toString());
        assertEquals(0, rules.exitCode(), rules.stderr());
        Files.writeString(dir.resolve("rules.yml"), rules.stdout());

        app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent();
        String target = URI.create(app.endpoint()).getAuthority();
        String api = startPrometheus(dir, target);

        // Orders at a steady 10 per second, each on its own, so a slow call never holds back the next.
        traffic = Executors.newSingleThreadScheduledExecutor();
        traffic.scheduleAtFixedRate(() -> HTTP.sendAsync(HttpRequest.newBuilder(URI.create(
                "http://127.0.0.1:" + app.appPort() + "/orders/place?item=book&qty=1")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.discarding()), 0, 100, TimeUnit.MILLISECONDS);

        // Healthy: Prometheus scrapes the histogram and records the SLO's ratio, and nothing fires.
        await("Prometheus records the SLO's bad-call ratio").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !query(api, "job:weft_slo_bad_ratio:rate5m{slo=\"checkout-latency\"}").isEmpty());
        await("Prometheus has the agent's verdict").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> !query(api, "weft_slo_met{slo=\"checkout-latency\"}").isEmpty());
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1_000);
            assertEquals("inactive", ruleState(api, "WeftSloBurnRateFast"), "while the app is fast");
            assertEquals("inactive", ruleState(api, "WeftSloViolated"), "while the app is fast");
            assertTrue(alerts(api).stream().noneMatch(a -> labels(a).get("alertname").startsWith("WeftSlo")),
                    () -> "no SLO alert while the app is fast: " + alerts(api));
        }

        assertEquals(200, app.app("/slowdown?ms=300").statusCode());

        await("WeftSloBurnRateFast pending or firing").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1))
                .until(() -> active(api, "WeftSloBurnRateFast") != null);
        Map<String, Object> fast = active(api, "WeftSloBurnRateFast");
        assertEquals("page", labels(fast).get("severity"));
        assertEquals("checkout-latency", labels(fast).get("slo"));
        assertEquals("latency", labels(fast).get("objective"));
        assertEquals("checkout", labels(fast).get("selector"));
        assertEquals("RUNBOOK.md#weftsloburnratefast", ((Map<?, ?>) fast.get("annotations")).get("runbook_url"));

        // The agent's own evaluation over the SLO's 20 s window sees it too (pending for its 1m 'for').
        await("WeftSloViolated pending or firing").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> active(api, "WeftSloViolated") != null);
        assertEquals("latency", labels(active(api, "WeftSloViolated")).get("objective"));
    }

    /** Starts Prometheus on a free loopback port, scraping {@code target}; returns its base URL once ready. */
    private String startPrometheus(Path dir, String target) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Path yml = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                rule_files: [rules.yml]
                scrape_configs:
                  - job_name: orders
                    static_configs:
                      - targets: ["%s"]
                """.formatted(target));
        prometheusLog = dir.resolve("prometheus.log");
        prometheus = new ProcessBuilder("prometheus", "--config.file=" + yml, "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(prometheusLog.toFile()).start();
        String api = "http://127.0.0.1:" + port;
        await("Prometheus ready").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!prometheus.isAlive()) {
                throw new AssertionError("prometheus exited with " + prometheus.exitValue() + ":\n" + Files.readString(prometheusLog));
            }
            try {
                return get(api + "/-/ready").statusCode() == 200;
            } catch (IOException notYet) {
                return false;
            }
        });
        await("Prometheus scrapes the agent").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> query(api, "up{job=\"orders\"} == 1").size() == 1);
        return api;
    }

    private static boolean onPath(String binary) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, binary))) {
                return true;
            }
        }
        return false;
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Prometheus' JSON answer's {@code data} (JSON is YAML, so SnakeYAML reads it). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(String url) {
        try {
            HttpResponse<String> response = get(url);
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> body = new Yaml().load(response.body());
            return (Map<String, Object>) body.get("data");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(url + ": " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> query(String api, String promql) {
        return (List<Object>) data(api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).get("result");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> alerts(String api) {
        return (List<Map<String, Object>>) data(api + "/api/v1/alerts").get("alerts");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> labels(Map<String, Object> alert) {
        return (Map<String, String>) alert.get("labels");
    }

    /** The pending or firing alert of that name, or null. */
    private static Map<String, Object> active(String api, String alertname) {
        return alerts(api).stream().filter(a -> alertname.equals(labels(a).get("alertname"))
                && ("pending".equals(a.get("state")) || "firing".equals(a.get("state")))).findFirst().orElse(null);
    }

    /** The state of the alerting rule of that name: inactive, pending or firing. */
    @SuppressWarnings("unchecked")
    private static String ruleState(String api, String alertname) {
        for (Map<String, Object> group : (List<Map<String, Object>>) data(api + "/api/v1/rules?type=alert").get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                if (alertname.equals(rule.get("name"))) {
                    return (String) rule.get("state");
                }
            }
        }
        throw new AssertionError("Prometheus has no alerting rule " + alertname);
    }
}
