package dev.weft.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Real Spring Boot services packaged by {@code spring-boot-maven-plugin} and started with
 * {@code java -jar}, their libraries in nested jars only Spring Boot's loader sees. The chain:
 * clinic (Spring MVC, Tomcat) → RestClient on Apache HttpClient 5 → pets (WebFlux on Reactor
 * Netty) → WebClient → clinic again → OkHttp → orders (a plain JDK server). None of them has a line
 * of trace code; the configs trace nothing but HTTP.
 */
class SpringBootIT {

    private static final Path CLINIC_JAR = Paths.get(System.getProperty("weft.clinic.mvc.jar"));
    private static final Path CLINIC_BOOT3_JAR = Paths.get(System.getProperty("weft.clinic.mvc.boot3.jar"));
    private static final Path PETS_JAR = Paths.get(System.getProperty("weft.clinic.webflux.jar"));
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_SPAN = "00f067aa0ba902b7";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-" + CALLER_SPAN + "-01";
    private static final String TRACED = """
            service: {name: %s}
            tracing:
              exclude-routes: [/health, /actuator/**]
            exporters:
              otlp:
                endpoint: %s
            """;

    private static OtlpReceiver receiver;
    private static AppProcess orders;
    private static AppProcess clinic;
    private static AppProcess pets;

    @BeforeAll
    static void startTheChain(@TempDir Path dir) throws Exception {
        receiver = OtlpReceiver.start();
        orders = AppProcess.withAgent("config=" + Configs.write(dir, "orders.yaml", TRACED.formatted("orders",
                OtlpReceiver.HTTP_ENDPOINT)) + ",port=0").awaitAppAndAgent();
        int petsPort = freePort();
        clinic = AppProcess.command(springBoot(CLINIC_JAR, Configs.write(dir, "clinic.yaml",
                TRACED.formatted("clinic", OtlpReceiver.HTTP_ENDPOINT)), "--server.port=0",
                "--clinic.pets-url=http://127.0.0.1:" + petsPort,
                "--clinic.records-url=http://127.0.0.1:" + orders.appPort())).awaitAppAndAgent();
        pets = AppProcess.command(springBoot(PETS_JAR, Configs.write(dir, "pets.yaml",
                TRACED.formatted("pets", OtlpReceiver.HTTP_ENDPOINT)), "--server.port=" + petsPort,
                "--pets.clinic-url=http://127.0.0.1:" + clinic.appPort())).awaitAppAndAgent();
    }

    @AfterAll
    static void stopTheChain() throws Exception {
        for (AutoCloseable process : new AutoCloseable[] {pets, clinic, orders, receiver}) {
            if (process != null) {
                process.close();
            }
        }
    }

    /** {@code java -javaagent:weft-agent.jar=config=... -jar app.jar args...}. */
    private static List<String> springBoot(Path jar, Path config, String... args) {
        List<String> command = new ArrayList<>(List.of(AppProcess.JAVA,
                "-javaagent:" + AppProcess.AGENT_JAR + "=config=" + config + ",port=0", "-jar", jar.toString()));
        command.addAll(List.of(args));
        return command;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void oneTraceThroughEveryHopWithRouteTemplatesAndMetrics() throws Exception {
        var response = clinic.app("/owners/7", "traceparent", TRACEPARENT);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().startsWith("owner 7 with pet 7 (records 200 order "), response.body());

        await().atMost(Duration.ofSeconds(20)).until(() -> tree(inTrace()).size() == 7);
        List<OtlpReceiver.Span> spans = inTrace();
        assertEquals(List.of(
                        "clinic SERVER GET /owners/{ownerId} parent=caller",
                        "clinic CLIENT GET parent=clinic SERVER GET /owners/{ownerId}",
                        "pets SERVER GET /pets/{petId} parent=clinic CLIENT GET",
                        "pets CLIENT GET parent=pets SERVER GET /pets/{petId}",
                        "clinic SERVER GET /records/{petId} parent=pets CLIENT GET",
                        "clinic CLIENT GET parent=clinic SERVER GET /records/{petId}",
                        "orders SERVER GET / parent=clinic CLIENT GET"),
                tree(spans), "one trace, each hop the child of the one before");
        for (OtlpReceiver.Span span : spans) {
            assertFalse(span.isError(), span.toString());
            if (span.kind().equals("SPAN_KIND_CLIENT")) {
                assertTrue(String.valueOf(span.attributes().get("url.full")).startsWith("http://127.0.0.1:"), span.toString());
                assertEquals(200L, ((Number) span.attributes().get("http.response.status_code")).longValue(), span.toString());
            }
        }

        for (AppProcess service : List.of(clinic, pets, orders)) {
            String text = service.scrape();
            Promtool.assertCleanMetrics(text);
            Scrape scrape = new Scrape(text);
            assertFalse(scrape.all("http_server_request_duration_seconds_count").isEmpty(), text);
        }
        Scrape clinicMetrics = new Scrape(clinic.scrape());
        assertEquals(1, clinicMetrics.value("http_server_request_duration_seconds_count", "http_route", "/owners/{ownerId}",
                "http_response_status_code", "200"));
        assertEquals(1, clinicMetrics.value("http_client_request_duration_seconds_count", "server_port",
                Integer.toString(pets.appPort()), "http_response_status_code", "200", "http_request_method", "GET"));
        assertEquals(1, clinicMetrics.value("http_client_request_duration_seconds_count", "server_port",
                Integer.toString(orders.appPort()), "http_response_status_code", "200"));
        assertEquals(1, new Scrape(pets.scrape()).value("http_client_request_duration_seconds_count", "server_port",
                Integer.toString(clinic.appPort()), "http_response_status_code", "200"));

        // The services' own log lines name the trace (Spring Boot's Logback, through the MDC).
        await().atMost(Duration.ofSeconds(5)).until(() -> !clinic.stdoutLinesWith("owner 7").isEmpty()
                && !pets.stdoutLinesWith("pet 7").isEmpty());
        assertTrue(clinic.stdoutLinesWith("owner 7").get(0).contains("trace=" + TRACE_ID), clinic.stdout().toString());
        assertTrue(clinic.stdoutLinesWith("records 7").get(0).contains("trace=" + TRACE_ID), clinic.stdout().toString());
        assertTrue(pets.stdoutLinesWith("pet 7").get(0).contains("trace=" + TRACE_ID), pets.stdout().toString());
        for (AppProcess service : List.of(clinic, pets)) {
            assertEquals(List.of(), service.stderrLinesWith("could not instrument"));
        }
    }

    @Test
    void anAsyncRequestEndsWhenItsResponseDoes() throws Exception {
        var response = clinic.app("/visits/3", "traceparent", "00-" + "5".repeat(32) + "-" + CALLER_SPAN + "-01");
        assertEquals(200, response.statusCode(), response.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.spans("GET /visits/{visitId}").isEmpty());
        OtlpReceiver.Span span = receiver.spans("GET /visits/{visitId}").get(0);
        assertEquals("5".repeat(32), span.traceId());
        assertEquals(CALLER_SPAN, span.parentSpanId());
        assertEquals(200L, ((Number) span.attributes().get("http.response.status_code")).longValue());
        Scrape metrics = new Scrape(clinic.scrape());
        var visits = metrics.matching("http_server_request_duration_seconds_sum", "http_route", "/visits/{visitId}");
        assertEquals(1, visits.size(), visits.toString());
        assertTrue(visits.get(0).value() >= 0.3, "the 300 ms the answer took, not the return of service: " + visits);
    }

    @Test
    void healthChecksStayOutOfTracesButNotOutOfMetrics() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertEquals(200, clinic.app("/health", "traceparent", "00-" + "6".repeat(32) + "-" + CALLER_SPAN + "-01")
                    .statusCode());
        }
        var failed = clinic.app("/boom/7");
        assertEquals(500, failed.statusCode());
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.spans("GET /boom/{code}").isEmpty());
        assertEquals(List.of(), receiver.spans().stream().filter(s -> s.traceId().equals("6".repeat(32))).toList(),
                "no span of the excluded route, nor of anything under it");
        OtlpReceiver.Span boom = receiver.spans("GET /boom/{code}").get(0);
        assertTrue(boom.isError(), boom.toString());
        assertEquals(500L, ((Number) boom.attributes().get("http.response.status_code")).longValue());

        Scrape metrics = new Scrape(clinic.scrape());
        assertEquals(3, metrics.value("http_server_request_duration_seconds_count", "http_route", "/health"));
        assertEquals(1, metrics.value("http_server_request_duration_seconds_count", "http_route", "/boom/{code}",
                "http_response_status_code", "500"));
        assertEquals(List.of(), metrics.matching("http_server_request_duration_seconds_count", "http_route", "/error"),
                "Spring Boot's error page is the same request, not a second one");
    }

    @Test
    void aJaxRsResourceIsNamedByItsPathTemplates() throws Exception {
        var response = clinic.app("/api/vets/4", "traceparent", "00-" + "7".repeat(32) + "-" + CALLER_SPAN + "-01");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("vet 4", response.body());
        await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.spans("GET /api/vets/{vetId}").isEmpty());
        OtlpReceiver.Span span = receiver.spans("GET /api/vets/{vetId}").get(0);
        assertEquals("7".repeat(32), span.traceId());
        assertEquals("/api/vets/{vetId}", span.attributes().get("http.route"));
        assertEquals("/api/vets/4", span.attributes().get("url.path"));
        assertEquals(1, new Scrape(clinic.scrape()).value("http_server_request_duration_seconds_count", "http_route",
                "/api/vets/{vetId}"));
    }

    /** Spring Boot 3.5's nested-jar loader, with a config that measures and traces nothing. */
    @Test
    void aBoot3FatJarHasHttpMetricsWithoutTracing(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "metrics.yaml", """
                service: {name: clinic-boot3}
                instrument:
                  - name: records
                    class: acme.clinic.OwnerController
                    methods: [records]
                """);
        try (AppProcess boot3 = AppProcess.command(springBoot(CLINIC_BOOT3_JAR, config, "--server.port=0",
                "--clinic.records-url=http://127.0.0.1:" + orders.appPort())).awaitAppAndAgent()) {
            var response = boot3.app("/records/4", "traceparent", TRACEPARENT);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(200, boot3.app("/api/vets/2").statusCode());
            Scrape metrics = new Scrape(boot3.scrape());
            assertEquals(1, metrics.value("http_server_request_duration_seconds_count", "http_route", "/api/vets/{vetId}"));
            assertEquals(1, metrics.value("http_server_request_duration_seconds_count", "http_route", "/records/{petId}",
                    "http_response_status_code", "200"));
            assertEquals(1, metrics.value("http_client_request_duration_seconds_count", "server_address", "127.0.0.1",
                    "server_port", Integer.toString(orders.appPort()), "http_response_status_code", "200",
                    "http_request_method", "GET", "error_type", ""));
            assertEquals(1, metrics.value("weft_method_duration_seconds_count", "class", "acme.clinic.OwnerController",
                    "method", "records"));
            assertEquals(List.of(), boot3.stderrLinesWith("could not instrument"));
            assertTrue(boot3.stdoutLinesWith("records 4").get(0).contains("trace= "),
                    "nothing traced: no trace in the MDC: " + boot3.stdoutLinesWith("records 4"));
        }
    }

    /** The spans of the chain's trace. */
    private static List<OtlpReceiver.Span> inTrace() {
        return receiver.spans().stream().filter(s -> s.traceId().equals(TRACE_ID)).toList();
    }

    /** Each span as "service KIND name parent=<its parent's description>", in the order of the tree. */
    private static List<String> tree(List<OtlpReceiver.Span> spans) {
        Map<String, OtlpReceiver.Span> byId = spans.stream().collect(Collectors.toMap(OtlpReceiver.Span::spanId, s -> s));
        List<String> lines = new ArrayList<>();
        List<OtlpReceiver.Span> http = spans.stream().filter(s -> !s.kind().equals("SPAN_KIND_INTERNAL")).toList();
        String parent = CALLER_SPAN;
        for (int depth = 0; depth < http.size(); depth++) {
            String from = parent;
            OtlpReceiver.Span next = http.stream().filter(s -> from.equals(s.parentSpanId())).findFirst().orElse(null);
            if (next == null) {
                break;
            }
            lines.add(describe(next) + " parent=" + (from.equals(CALLER_SPAN) ? "caller" : describe(byId.get(from))));
            parent = next.spanId();
        }
        return lines;
    }

    private static String describe(OtlpReceiver.Span span) {
        return span.resource().get("service.name") + " " + span.kind().replace("SPAN_KIND_", "") + " " + span.name();
    }
}
