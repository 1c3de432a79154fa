package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A grpc-java client and server (shaded Netty) in two JVMs, each with the agent: every call is a
 * CLIENT span in the client and a SERVER span in the server, one trace, the server's the child of
 * the client's; unary, server-streaming and a call the server answers NOT_FOUND; each side's
 * {@code /metrics} counts each call once, under its method and status.
 */
class GrpcIT {

    private static final Path GRPC_JAR = Paths.get(System.getProperty("weft.grpc.jar"));
    private static final String CONFIG = """
            service: {name: %s}
            exporters:
              otlp:
                endpoint: %s
            """;
    private static final int SAYS = 3;

    @Test
    void eachCallIsAClientAndAServerSpanOfOneTraceAndIsCountedOnceEachSide(@TempDir Path dir) throws Exception {
        Path serverConfig = Configs.write(dir, "server.yaml", CONFIG.formatted("grpc-server", OtlpReceiver.HTTP_ENDPOINT));
        Path clientConfig = Configs.write(dir, "client.yaml", CONFIG.formatted("grpc-client", OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess server = AppProcess.jarWithAgent(GRPC_JAR, "config=" + serverConfig + ",port=0").awaitAppAndAgent();
             AppProcess client = AppProcess.commandWithAgent("config=" + clientConfig + ",port=0", List.of("-cp",
                     GRPC_JAR.toString(), "acme.grpc.GrpcClient", Integer.toString(server.appPort()),
                     Integer.toString(SAYS), dir.resolve("go").toString())).awaitAgent()) {
            java.nio.file.Files.createFile(dir.resolve("go")); // the client calls once its agent is up
            await().atMost(Duration.ofSeconds(30)).until(() -> !client.stdoutLinesWith("grpc-client done").isEmpty()
                    || !client.isAlive());
            assertEquals(List.of("counted [1, 2, 3]"), client.stdoutLinesWith("counted"), client.stderr().toString());
            assertEquals(List.of("find: NOT_FOUND"), client.stdoutLinesWith("find:"));

            int calls = SAYS + 2;
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(List.of(calls, calls),
                    List.of(kind(receiver.spans(), "SPAN_KIND_CLIENT").size(), kind(receiver.spans(), "SPAN_KIND_SERVER").size()),
                    "CLIENT and SERVER spans: " + receiver.spans() + "\nclient: " + client.stderr()
                            + "\nserver: " + server.stderr()));
            List<OtlpReceiver.Span> clients = kind(receiver.spans(), "SPAN_KIND_CLIENT");
            List<OtlpReceiver.Span> servers = kind(receiver.spans(), "SPAN_KIND_SERVER");
            assertEquals(Map.of("acme.Echo/Say", (long) SAYS, "acme.Echo/Count", 1L, "acme.Echo/Find", 1L),
                    clients.stream().collect(Collectors.groupingBy(OtlpReceiver.Span::name, Collectors.counting())));

            for (OtlpReceiver.Span call : clients) {
                assertEquals("grpc-client", call.resource().get("service.name"));
                assertTrue(call.isRoot(), "the client's main is in no trace: " + call);
                List<OtlpReceiver.Span> served = servers.stream().filter(s -> s.traceId().equals(call.traceId())).toList();
                assertEquals(1, served.size(), "one server span in the client span's trace: " + call + " " + servers);
                OtlpReceiver.Span server1 = served.get(0);
                assertEquals("grpc-server", server1.resource().get("service.name"));
                assertEquals(call.spanId(), server1.parentSpanId(), "the server continues the client's span");
                assertEquals(call.name(), server1.name());
                for (OtlpReceiver.Span span : List.of(call, server1)) {
                    assertEquals("grpc", span.attributes().get("rpc.system.name"), span.toString());
                    assertEquals(call.name(), span.attributes().get("rpc.method"));
                }
                assertEquals("127.0.0.1", call.attributes().get("server.address"));
                assertEquals((long) server.appPort(), ((Number) call.attributes().get("server.port")).longValue());
                boolean found = call.name().equals("acme.Echo/Find");
                String status = found ? "NOT_FOUND" : "OK";
                assertEquals(status, call.attributes().get("rpc.response.status_code"));
                assertEquals(status, server1.attributes().get("rpc.response.status_code"));
                assertEquals(found, call.isError(), "a client's call is an error for any status but OK: " + call);
                assertFalse(server1.isError(), "NOT_FOUND is no server error: " + server1);
            }

            for (AppProcess side : List.of(client, server)) {
                String histogram = side == client ? "rpc_client_call_duration_seconds_count"
                        : "rpc_server_call_duration_seconds_count";
                Scrape metrics = new Scrape(side.scrape());
                assertEquals(SAYS, metrics.value(histogram, "rpc_system_name", "grpc", "rpc_method", "acme.Echo/Say",
                        "rpc_response_status_code", "OK"), histogram);
                assertEquals(1, metrics.value(histogram, "rpc_system_name", "grpc", "rpc_method", "acme.Echo/Count",
                        "rpc_response_status_code", "OK"), histogram);
                assertEquals(1, metrics.value(histogram, "rpc_system_name", "grpc", "rpc_method", "acme.Echo/Find",
                        "rpc_response_status_code", "NOT_FOUND"), histogram);
                assertEquals(calls, metrics.all(histogram).stream().mapToDouble(Scrape.Series::value).sum(),
                        "each call counted once: " + metrics.all(histogram));
            }
        }
    }

    private static List<OtlpReceiver.Span> kind(List<OtlpReceiver.Span> spans, String kind) {
        return spans.stream().filter(s -> s.kind().equals(kind)).toList();
    }
}
