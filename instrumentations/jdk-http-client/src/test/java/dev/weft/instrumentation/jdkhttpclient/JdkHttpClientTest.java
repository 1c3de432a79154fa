package dev.weft.instrumentation.jdkhttpclient;

import dev.weft.instrumentation.testing.HeaderServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** java.net.http against a (plain) JDK HTTP server on 127.0.0.1, sync and async. */
class JdkHttpClientTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static Recorder recorder;
    private static Installation installation;
    private static HeaderServer server;
    private static HttpClient client;

    @BeforeAll
    static void start() throws IOException {
        recorder = Recorder.install();
        installation = TestAgent.install("jdk-http-client");
        server = new HeaderServer();
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        server.close();
        installation.close();
        recorder.close();
    }

    @Test
    void aSyncSendCarriesExactlyOneTraceparentOfItsClientSpan() throws Exception {
        int before = server.traceparents().size();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/items")))
                .header("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01")
                .header("accept", "text/plain").build();
        HttpResponse<String> response = recorder.inTrace(TRACE_ID,
                () -> client.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(200, response.statusCode());

        RecordedSpan span = last(recorder.clientSpans()).awaitEnd(Duration.ofSeconds(10));
        assertEquals("GET", span.method());
        assertEquals(server.url("/items"), span.target());
        assertEquals(TRACE_ID, span.traceId(), "a child of the current trace");
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before), "one traceparent, ours");
        assertEquals(200, span.status());
    }

    @Test
    void anAsyncSendEndsItsSpanWhenTheResponseArrives() throws Exception {
        int before = server.traceparents().size();
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url("/async")))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get();
        assertEquals(200, response.statusCode());

        RecordedSpan span = last(recorder.clientSpans()).awaitEnd(Duration.ofSeconds(10));
        assertEquals("POST", span.method());
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before));
        assertEquals(200, span.status());
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.jdkhttpclient.SendAdvice"));
    }

    private static RecordedSpan last(List<RecordedSpan> spans) {
        return spans.get(spans.size() - 1);
    }
}
