package dev.weft.instrumentation.jdkhttpserver;

import com.sun.net.httpserver.HttpServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The JDK HTTP server on 127.0.0.1, called with the (unwoven) HttpURLConnection. */
class JdkHttpServerTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private static Recorder recorder;
    private static Installation installation;
    private static HttpServer server;
    private static final AtomicReference<String> traceInHandler = new AtomicReference<>();

    @BeforeAll
    static void start() throws IOException {
        recorder = Recorder.install();
        installation = TestAgent.install("jdk-http-server");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hello", exchange -> {
            traceInHandler.set(recorder.currentTrace());
            byte[] body = "hi".getBytes();
            exchange.sendResponseHeaders(202, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        installation.close();
        recorder.close();
    }

    @Test
    void anExchangeIsAServerSpanContinuingTheCallersTrace() throws Exception {
        int before = recorder.serverSpans().size();
        assertEquals(202, get("/hello/there", TRACEPARENT));

        RecordedSpan span = recorder.serverSpans().get(before).awaitEnd(Duration.ofSeconds(10));
        assertEquals("GET", span.method());
        assertEquals("/hello/there", span.target());
        assertEquals("/hello", span.route(), "the context's path, not the URL");
        assertEquals(List.of(TRACEPARENT), span.incomingTraceparent());
        assertEquals(TRACE_ID, span.traceId());
        assertEquals(TRACE_ID, traceInHandler.get(), "the server span is current in the handler");
        assertEquals(202, span.status());
        assertEquals(before + 1, recorder.serverSpans().size());
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.jdkhttpserver.ExchangeAdvice"));
    }

    @Test
    void anExchangeWithoutTraceparentStartsATrace() throws Exception {
        int before = recorder.serverSpans().size();
        assertEquals(202, get("/hello", null));
        RecordedSpan span = recorder.serverSpans().get(before).awaitEnd(Duration.ofSeconds(10));
        assertNull(span.incomingTraceparent());
        assertNotEquals(TRACE_ID, span.traceId());
        assertEquals(span.traceId(), traceInHandler.get());
    }

    private static int get(String path, String traceparent) throws IOException {
        HttpURLConnection connection = (HttpURLConnection)
                new URL("http://127.0.0.1:" + server.getAddress().getPort() + path).openConnection();
        if (traceparent != null) {
            connection.setRequestProperty("traceparent", traceparent);
        }
        int status = connection.getResponseCode();
        try (InputStream in = connection.getInputStream()) {
            in.readAllBytes();
        }
        return status;
    }
}
