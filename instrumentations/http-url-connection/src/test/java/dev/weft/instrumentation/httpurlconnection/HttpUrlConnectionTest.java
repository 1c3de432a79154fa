package dev.weft.instrumentation.httpurlconnection;

import dev.weft.instrumentation.testing.HeaderServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HttpURLConnection against a (plain) JDK HTTP server on 127.0.0.1. */
class HttpUrlConnectionTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    private static Recorder recorder;
    private static Installation installation;
    private static HeaderServer server;

    @BeforeAll
    static void start() throws IOException {
        recorder = Recorder.install();
        installation = TestAgent.install("http-url-connection");
        server = new HeaderServer();
    }

    @AfterAll
    static void stop() {
        server.close();
        installation.close();
        recorder.close();
    }

    @Test
    void aGetSendsExactlyOneTraceparentOfItsClientSpanInTheCurrentTrace() throws Exception {
        int before = server.traceparents().size();
        HttpURLConnection connection = open("/items?id=1");
        connection.setRequestProperty("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01");
        int status = recorder.inTrace(TRACE_ID, () -> read(connection));
        assertEquals(200, status);

        RecordedSpan span = last(recorder.clientSpans());
        assertEquals("GET", span.method());
        assertEquals(server.url("/items?id=1"), span.target());
        assertEquals(TRACE_ID, span.traceId(), "a child of the current trace");
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before), "one traceparent, ours");
        // Ended, but without the status: the connection reads its response inside getInputStream
        // through a nested getInputStream call, whose exit ends the span before responseCode is parsed.
        assertTrue(span.isEnded());
    }

    @Test
    void aPostWithABodySendsOneTraceparentToo() throws Exception {
        int before = server.traceparents().size();
        int spans = recorder.clientSpans().size();
        HttpURLConnection connection = open("/orders");
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write("{}".getBytes());
        }
        assertEquals(200, read(connection));

        assertEquals(spans + 1, recorder.clientSpans().size(), "one span for the connection's several calls");
        RecordedSpan span = last(recorder.clientSpans());
        assertEquals("POST", span.method());
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before));
        assertTrue(span.isEnded());
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.httpurlconnection.SendAdvice"));
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.httpurlconnection.ResponseAdvice"));
    }

    private static HttpURLConnection open(String path) throws IOException {
        return (HttpURLConnection) new URL(server.url(path)).openConnection();
    }

    private static int read(HttpURLConnection connection) throws IOException {
        int status = connection.getResponseCode();
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
        return status;
    }

    private static RecordedSpan last(List<RecordedSpan> spans) {
        return spans.get(spans.size() - 1);
    }
}
