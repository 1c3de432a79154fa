package dev.weft.it;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A service that is a named module requiring {@code java.base} alone, started with {@code java -m}
 * or from a {@code jlink}'d runtime image. The JVM resolves for it only what its module requires,
 * so neither the JDK's HTTP server (Weft's endpoint) nor its HTTP client (OTLP export) is in its
 * boot layer. The images are made by the running JDK's jlink, once per JDK.
 */
class ModularAppIT {

    private static final Path MODULAR_JAR = Paths.get(System.getProperty("weft.modular.jar"));
    private static final String MAIN = "acme.modular/acme.modular.ModularApp";
    private static final String FEATURE = AppProcess.EXPECTED_FEATURE.isEmpty()
            ? Integer.toString(Runtime.version().feature()) : AppProcess.EXPECTED_FEATURE;
    private static final Path IMAGES = Paths.get("target", "modular-images", "java" + FEATURE).toAbsolutePath();

    private static final String FAHRENHEIT = """
            instrument:
              - name: convert
                class: acme.modular.Converter
                methods: [toFahrenheit]
                record: [timer, count]
            """;
    private static final String BOTH_WAYS = """
            instrument:
              - name: convert
                class: acme.modular.Converter
                methods: [toFahrenheit, toCelsius]
                record: [timer, count]
            """;
    /** OTLP export asked for, towards a port where nothing listens: these tests look at whether it starts. */
    private static final String OTLP_NOWHERE = """
            exporters:
              otlp:
                endpoint: http://127.0.0.1:9
                interval: %s
            """;

    /** Built without the JDK's HTTP server, with what OTLP export over HTTP needs. */
    private static Path withoutHttpServer;
    /** Built with the JDK's HTTP server and nothing else that Weft uses. */
    private static Path withHttpServer;

    @TempDir
    Path dir;

    @BeforeAll
    static void images() throws Exception {
        withoutHttpServer = jlink("without-http-server", "java.net.http", "java.logging");
        withHttpServer = jlink("with-http-server", "jdk.httpserver");
    }

    /** An image of the app, {@code java.instrument} (which {@code -javaagent} takes) and the given modules. */
    private static Path jlink(String name, String... modules) throws IOException, InterruptedException {
        Path image = IMAGES.resolve(name);
        if (Files.exists(image)) {
            try (Stream<Path> files = Files.walk(image)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        Files.createDirectories(IMAGES);
        JdkTools.run("jlink", "--module-path", MODULAR_JAR.toString(), "--add-modules",
                "acme.modular,java.instrument," + String.join(",", modules), "--output", image.toString());
        return image;
    }

    private static List<String> command(String java, Path config, String... jvmArgs) {
        List<String> command = new ArrayList<>(List.of(java));
        if (config != null) {
            command.add("-javaagent:" + AppProcess.AGENT_JAR + "=config=" + config + ",port=0,watch=200ms");
        }
        command.addAll(List.of(jvmArgs));
        command.addAll(List.of("-m", MAIN, "0"));
        return command;
    }

    private static String java(Path image) {
        return image.resolve("bin").resolve("java").toString();
    }

    /** The modules of the app's boot layer, as it reports them. */
    private static List<String> bootLayer(AppProcess app) throws Exception {
        String answer = app.app("/modules").body().trim();
        assertTrue(answer.startsWith("module acme.modular; boot layer "), answer);
        return List.of(answer.substring(answer.indexOf("boot layer ") + "boot layer ".length()).split(","));
    }

    /** Converts {@code n} temperatures each way asked, checking each answer. */
    private static void convert(AppProcess app, String path, int n) throws Exception {
        for (int i = 1; i <= n; i++) {
            double value = i * 10;
            double expected = path.equals("/fahrenheit") ? value * 9 / 5 + 32 : (value - 32) * 5 / 9;
            String query = path.equals("/fahrenheit") ? "?celsius=" : "?fahrenheit=";
            var response = app.app(path + query + value);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(Double.toString(expected), response.body().trim());
        }
    }

    private static void assertNoLinkageErrors(AppProcess app) {
        assertTrue(app.stderrLinesWith("NoClassDefFoundError").isEmpty()
                && app.stderrLinesWith("ClassNotFoundException").isEmpty(), String.join("\n", app.stderr()));
    }

    @Test
    void startedWithDashMTheEndpointIsServedAndOtlpNamesTheModuleToAdd() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", FAHRENHEIT + OTLP_NOWHERE.formatted("1s"));
        try (AppProcess app = AppProcess.command(command(AppProcess.JAVA, config,
                "--module-path", MODULAR_JAR.toString())).awaitAppAndAgent()) {
            List<String> boot = bootLayer(app);
            assertFalse(boot.contains("jdk.httpserver") || boot.contains("java.net.http"),
                    "the JVM resolved neither for the app: " + boot);

            convert(app, "/fahrenheit", 5);
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(5, scrape.value("weft_method_calls_total", "selector", "convert", "method", "toFahrenheit"));
            assertTrue(app.stderrLinesWith("endpoint not started").isEmpty(), String.join("\n", app.stderr()));

            String otlp = "[weft] WARN OTLP export not started: it needs the modules java.logging, java.net.http; the "
                    + "JVM did not resolve java.net.http (the application's module acme.modular does not require it) "
                    + "and a java.* module can only be added as the JVM starts: start the JVM with --add-modules "
                    + "java.net.http. The rest of Weft goes on.";
            assertEquals(List.of(otlp), app.stderrLinesWith("OTLP export not started"));

            // A reload that rebuilds export and adds a method: watched, woven, counted, and said no twice.
            Configs.replace(config, BOTH_WAYS + OTLP_NOWHERE.formatted("2s"));
            app.awaitStderr("config reloaded");
            convert(app, "/celsius", 3);
            convert(app, "/fahrenheit", 1);
            scrape = new Scrape(app.scrape());
            assertEquals(3, scrape.value("weft_method_calls_total", "selector", "convert", "method", "toCelsius"));
            assertEquals(6, scrape.value("weft_method_calls_total", "selector", "convert", "method", "toFahrenheit"));
            assertEquals(1, app.stderrLinesWith("OTLP export not started").size(), String.join("\n", app.stderr()));
            assertNoLinkageErrors(app);
            ReliabilityLog.row("Runtime", "a service that is a named module requiring java.base alone, started with "
                            + "java -m: neither jdk.httpserver (the endpoint) nor java.net.http (OTLP) in its boot layer",
                    "every conversion answered and right (9 requests)",
                    "served /metrics from jdk.httpserver, resolved into a layer of Weft's own; OTLP export left off, "
                            + "said once: `" + otlp.substring("[weft] WARN ".length()) + "`; a reload was watched and "
                            + "applied",
                    "calls counted 5 of 5, then 6 of 6 and 3 of 3 after the reload; linkage errors 0");
        }
    }

    @Test
    void aJlinkImageWithoutTheHttpServerRunsUnchangedAndWeftCountsOverOtlp() throws Exception {
        // The image holds java.net.http; a named module gets it resolved as Weft's advice says.
        String[] resolveClient = {"--add-modules", "java.net.http"};
        List<String> bootWithoutWeft;
        try (AppProcess plain = AppProcess.command(command(java(withoutHttpServer), null, resolveClient)).awaitApp()) {
            bootWithoutWeft = bootLayer(plain);
            convert(plain, "/fahrenheit", 2);
        }
        assertFalse(bootWithoutWeft.contains("jdk.httpserver"), bootWithoutWeft.toString());

        try (OtlpReceiver receiver = OtlpReceiver.start()) {
            String otlp = """
                    exporters:
                      otlp:
                        endpoint: %s
                        interval: 1s
                    """.formatted(OtlpReceiver.HTTP_ENDPOINT);
            Path config = Configs.write(dir, "weft.yaml", FAHRENHEIT + otlp);
            try (AppProcess app = AppProcess.command(command(java(withoutHttpServer), config, resolveClient))
                    .awaitAppAndAgent()) {
                String endpoint = "[weft] WARN endpoint not started: it needs the module jdk.httpserver, which this "
                        + "runtime image lacks: build the image with jlink --add-modules jdk.httpserver. Weaving and "
                        + "config watching go on.";
                assertEquals(List.of(endpoint), app.stderrLinesWith("jdk.httpserver"));
                assertEquals("none", app.metricsUrl(), "the start line says there is no endpoint");
                List<String> expected = Stream.concat(bootWithoutWeft.stream(), Stream.of("java.instrument"))
                        .sorted().toList();
                assertEquals(expected, bootLayer(app), "the service's boot layer is as without Weft, and java.instrument, "
                        + "which -javaagent resolves");

                convert(app, "/fahrenheit", 5);
                await().atMost(Duration.ofSeconds(20)).until(() -> calls(receiver, "toFahrenheit") == 5);

                // Config watching goes on without the endpoint: a new method is woven and counted.
                Configs.replace(config, BOTH_WAYS + otlp);
                app.awaitStderr("config reloaded");
                convert(app, "/celsius", 2);
                await().atMost(Duration.ofSeconds(20)).until(() -> calls(receiver, "toCelsius") == 2);
                assertEquals(5, calls(receiver, "toFahrenheit"));
                assertEquals(1, app.stderrLinesWith("jdk.httpserver").size());
                assertTrue(app.stderrLinesWith("OTLP export not started").isEmpty(), String.join("\n", app.stderr()));
                assertNoLinkageErrors(app);
                ReliabilityLog.row("Runtime", "a jlink'd image without jdk.httpserver, the service a named module "
                                + "started with --add-modules java.net.http",
                        "every conversion answered and right (7 requests); its boot layer the same as without Weft (but for java.instrument, which -javaagent takes)",
                        "no endpoint, said once: `" + endpoint.substring("[weft] WARN ".length()) + "`; weaving, "
                                + "OTLP export and config watching went on (a reload added a method)",
                        "calls counted over OTLP 5 of 5, and 2 of 2 after the reload; linkage errors 0");
            }
        }
    }

    @Test
    void aJlinkImageWithTheHttpServerServesMetricsAndNamesWhatItLacksForTheRest() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", FAHRENHEIT + OTLP_NOWHERE.formatted("1s"));
        try (AppProcess app = AppProcess.command(command(java(withHttpServer), config)).awaitAppAndAgent()) {
            assertFalse(bootLayer(app).contains("jdk.httpserver"), "in the image, not in the boot layer");
            convert(app, "/fahrenheit", 4);
            Scrape first = new Scrape(app.scrape());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(4, scrape.value("weft_method_calls_total", "selector", "convert", "method", "toFahrenheit"));
            assertEquals(0, scrape.value("weft_collect_errors_total"), "runtime metrics left out, not failing");
            assertTrue(first.all("jvm_threads_live").isEmpty() && scrape.all("jvm_threads_live").isEmpty());

            String otlp = "[weft] WARN OTLP export not started: it needs the modules java.logging, java.net.http, "
                    + "which this runtime image lacks: build the image with jlink --add-modules java.logging,"
                    + "java.net.http and start the JVM with --add-modules java.logging,java.net.http. The rest of "
                    + "Weft goes on.";
            String runtime = "[weft] WARN runtime metrics (jvm_*, process_*) not served: it needs the modules "
                    + "java.management, jdk.management, which this runtime image lacks: build the image with jlink "
                    + "--add-modules java.management,jdk.management and start the JVM with --add-modules "
                    + "java.management. The other metrics are.";
            assertEquals(List.of(otlp), app.stderrLinesWith("OTLP export not started"));
            assertEquals(List.of(runtime), app.stderrLinesWith("runtime metrics"));
            assertNoLinkageErrors(app);
            ReliabilityLog.row("Runtime", "a jlink'd image with jdk.httpserver but without java.logging, java.net.http, "
                            + "java.management, jdk.management; the service a named module",
                    "every conversion answered and right (4 requests)",
                    "served /metrics; named once each what OTLP export and the runtime metrics lack and the options "
                            + "that add it: `" + otlp.substring("[weft] WARN ".length()) + "`",
                    "calls counted 4 of 4; weft_collect_errors_total 0 over 2 scrapes; linkage errors 0");
        }
    }

    /** Calls of a Converter method in the latest OTLP metric export, or -1 before any. */
    private static int calls(OtlpReceiver receiver, String method) {
        Map<String, Object> metric = receiver.metrics().get("weft_method_calls");
        if (metric == null) {
            return -1;
        }
        for (Map<String, Object> point : OtlpReceiver.list(OtlpReceiver.map(metric.get("sum")).get("dataPoints"))) {
            Map<String, Object> attributes = OtlpReceiver.map(point.get("attributes"));
            if ("convert".equals(attributes.get("selector")) && method.equals(attributes.get("method"))) {
                return ((Number) point.get("asDouble")).intValue();
            }
        }
        return -1;
    }
}
