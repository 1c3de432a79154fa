package dev.weft.instrumentation.httpurlconnection;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.HttpsURLConnection;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HttpURLConnection used every way real code uses it, against JDK HTTP and HTTPS servers on
 * 127.0.0.1: each request is exactly one CLIENT span, ended with its status (or its failure), and
 * each request the peer gets carries that span's {@code traceparent}, once.
 */
class HttpUrlConnectionTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    static Path dir;
    private static Recorder recorder;
    private static Installation installation;
    private static Peer peer;

    private int spansBefore;
    private int requestsBefore;

    @BeforeAll
    static void start() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install("http-url-connection");
        peer = new Peer(dir);
    }

    @AfterAll
    static void stop() {
        peer.close();
        installation.close();
        recorder.close();
    }

    @BeforeEach
    void countSoFar() {
        spansBefore = recorder.clientSpans().size();
        requestsBefore = peer.count();
    }

    @Test
    void getInputStreamAloneSendsOneTraceparentOfItsSpanAndEndsItWithTheStatus() throws Exception {
        HttpURLConnection connection = open(peer.url("/items?id=1"));
        connection.setRequestProperty("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01");
        String body = recorder.inTrace(TRACE_ID, () -> read(connection.getInputStream()));
        assertEquals("answer 200", body);

        RecordedSpan span = onlySpan("GET", peer.url("/items?id=1"), 200);
        assertEquals(TRACE_ID, span.traceId(), "a child of the current trace");
        assertEachRequestCarried(span, 1);
    }

    @Test
    void getResponseCodeThenGetInputStream() throws Exception {
        HttpURLConnection connection = open(peer.url("/items"));
        assertEquals(200, connection.getResponseCode());
        assertEquals("answer 200", read(connection.getInputStream()));
        assertEquals(200, connection.getResponseCode());

        assertEachRequestCarried(onlySpan("GET", peer.url("/items"), 200), 1);
    }

    @Test
    void getResponseCodeThenGetErrorStreamOfAnErrorStatus() throws Exception {
        HttpURLConnection connection = open(peer.url("/status/404"));
        assertEquals(404, connection.getResponseCode());
        assertEquals("answer 404", read(connection.getErrorStream()));

        assertEachRequestCarried(onlySpan("GET", peer.url("/status/404"), 404), 1);
    }

    @Test
    void aPostWrittenThenGetResponseCode() throws Exception {
        HttpURLConnection connection = open(peer.url("/status/201"));
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        try (OutputStream out = connection.getOutputStream()) {
            out.write("{\"item\":1}".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(201, connection.getResponseCode());
        assertEquals("answer 201", read(connection.getInputStream()));

        assertEachRequestCarried(onlySpan("POST", peer.url("/status/201"), 201), 1);
        assertEquals("{\"item\":1}", peer.since(requestsBefore).get(0).body());
    }

    @Test
    void aStreamedPostWhoseHeadersGoOutInGetOutputStream() throws Exception {
        byte[] order = "{\"item\":2}".getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection = open(peer.url("/orders"));
        connection.setRequestMethod("PUT");
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(order.length);
        try (OutputStream out = connection.getOutputStream()) {
            out.write(order);
        }
        assertEquals("answer 200", read(connection.getInputStream()));

        assertEachRequestCarried(onlySpan("PUT", peer.url("/orders"), 200), 1);
        assertEquals("{\"item\":2}", peer.since(requestsBefore).get(0).body());
    }

    @Test
    void connectThenGetInputStream() throws Exception {
        HttpURLConnection connection = open(peer.url("/items"));
        connection.connect();
        assertEquals(1, recorder.clientSpans().size() - spansBefore, "the span opens at connect");
        assertEquals("answer 200", read(connection.getInputStream()));

        assertEachRequestCarried(onlySpan("GET", peer.url("/items"), 200), 1);
    }

    @Test
    void headersReadFirst() throws Exception {
        HttpURLConnection connection = open(peer.url("/items"));
        assertEquals("text/plain", connection.getHeaderField("Content-Type"));
        assertEquals(10, connection.getContentLength());
        assertEquals("answer 200", read(connection.getInputStream()));

        assertEachRequestCarried(onlySpan("GET", peer.url("/items"), 200), 1);
    }

    @Test
    void getContentLengthFirst() throws Exception {
        HttpURLConnection connection = open(peer.url("/status/202"));
        assertEquals(10, connection.getContentLength());
        assertEquals(202, connection.getResponseCode());

        assertEachRequestCarried(onlySpan("GET", peer.url("/status/202"), 202), 1);
    }

    @Test
    void aNotFoundThrowsFromGetInputStreamAndTheBodyIsInTheErrorStream() throws Exception {
        HttpURLConnection connection = open(peer.url("/status/404"));
        assertThrows(FileNotFoundException.class, connection::getInputStream);
        assertEquals("answer 404", read(connection.getErrorStream()));
        assertThrows(FileNotFoundException.class, connection::getInputStream);

        assertEachRequestCarried(onlySpan("GET", peer.url("/status/404"), 404), 1);
    }

    @Test
    void aServerErrorThrowsFromGetInputStreamThenTheStatusIsRead() throws Exception {
        HttpURLConnection connection = open(peer.url("/status/500"));
        IOException thrown = assertThrows(IOException.class, connection::getInputStream);
        assertFalse(thrown instanceof FileNotFoundException);
        assertEquals(500, connection.getResponseCode());
        assertEquals("answer 500", read(connection.getErrorStream()));

        assertEachRequestCarried(onlySpan("GET", peer.url("/status/500"), 500), 1);
    }

    @Test
    void aRefusedConnectionIsOneFailedSpan() throws Exception {
        String url = "http://127.0.0.1:" + closedPort() + "/items";
        HttpURLConnection connection = open(url);
        assertThrows(ConnectException.class, connection::getResponseCode);
        assertThrows(ConnectException.class, connection::getInputStream);

        RecordedSpan span = onlySpan("GET", url, 0);
        assertInstanceOf(ConnectException.class, span.thrown());
        assertEquals(List.of(), peer.since(requestsBefore));
    }

    @Test
    void httpsGetResponseCodeThenGetInputStream() throws Exception {
        HttpURLConnection connection = open(peer.httpsUrl("/items"));
        assertEquals(200, connection.getResponseCode());
        assertEquals("answer 200", read(connection.getInputStream()));

        assertEachRequestCarried(onlySpan("GET", peer.httpsUrl("/items"), 200), 1);
    }

    @Test
    void httpsConnectFirstThenAnErrorStatus() throws Exception {
        HttpURLConnection connection = open(peer.httpsUrl("/status/503"));
        connection.connect();
        assertEquals(1, recorder.clientSpans().size() - spansBefore, "the span opens at connect");
        assertThrows(IOException.class, connection::getInputStream);
        assertEquals(503, connection.getResponseCode());

        assertEachRequestCarried(onlySpan("GET", peer.httpsUrl("/status/503"), 503), 1);
    }

    @Test
    void aRedirectTheJdkFollowsIsOneSpanWithTheFinalStatus() throws Exception {
        HttpURLConnection connection = open(peer.url("/redirect"));
        assertEquals(200, connection.getResponseCode());
        assertEquals("answer 200", read(connection.getInputStream()));
        assertEquals(peer.url("/landing"), connection.getURL().toString());

        RecordedSpan span = onlySpan("GET", peer.url("/redirect"), 200);
        assertEachRequestCarried(span, 2);
        assertEquals(List.of("/redirect", "/landing"), peer.since(requestsBefore).stream().map(Peer.Received::path).toList());
    }

    @Test
    void noAdviceClassIsLoadedAndNothingIsSkipped() throws Exception {
        assertEquals("answer 200", read(open(peer.url("/items")).getInputStream()));
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.httpurlconnection.SendAdvice"));
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.httpurlconnection.ResponseAdvice"));
    }

    private static HttpURLConnection open(String url) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        if (connection instanceof HttpsURLConnection) {
            ((HttpsURLConnection) connection).setSSLSocketFactory(peer.clientTls().getSocketFactory());
        }
        return connection;
    }

    private static String read(InputStream stream) throws IOException {
        try (InputStream in = stream) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** The one CLIENT span the test made, ended with {@code status} (0: failed, with what was thrown). */
    private RecordedSpan onlySpan(String method, String url, int status) {
        List<RecordedSpan> spans = recorder.clientSpans();
        List<RecordedSpan> made = spans.subList(spansBefore, spans.size());
        assertEquals(1, made.size(), "one CLIENT span for the connection: " + made);
        RecordedSpan span = made.get(0);
        assertTrue(span.isEnded(), span.toString());
        assertEquals(method, span.method());
        assertEquals(url, span.target());
        assertEquals(status, span.status(), span.toString());
        if (status > 0) {
            assertNull(span.thrown(), "a response, not a failure: " + span);
        }
        return span;
    }

    /** The peer got {@code count} requests since the test began, each with one {@code traceparent}: the span's. */
    private void assertEachRequestCarried(RecordedSpan span, int count) {
        List<Peer.Received> requests = peer.since(requestsBefore);
        assertEquals(count, requests.size(), requests.toString());
        for (Peer.Received request : requests) {
            assertEquals(List.of(span.traceparent()), request.traceparent(), request.toString());
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
