package dev.weft.instrumentation.okhttp;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the okhttp instrumentation does for one major version of OkHttp, held in a class loader the
 * test's (the agent's) cannot see into, against real HTTP servers on 127.0.0.1.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class OkHttpContract {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String OTHER_TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String APPS_TRACEPARENT = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";
    private static final List<String> ADVICE = List.of("ExecuteAdvice", "EnqueueAdvice", "ChainAdvice",
            "NoMoreExchangesAdvice", "RequestHeadersAdvice");

    private final String version;
    private Recorder recorder;
    private Installation installation;
    private OkHttpLibrary okhttp;
    private Object driver;
    private Peer peer;

    /** @param version the folder of {@code target/test-libs} with that OkHttp's jars */
    OkHttpContract(String version) {
        this.version = version;
    }

    @BeforeAll
    void weave() throws Throwable {
        recorder = Recorder.install();
        installation = TestAgent.install("okhttp", "http-url-connection");
        okhttp = new OkHttpLibrary(version);
        driver = okhttp.driver(null);
        peer = new Peer();
    }

    @AfterAll
    void unweave() throws Throwable {
        okhttp.invoke(driver, "close");
        peer.close();
        installation.close();
        recorder.close();
        okhttp.close();
    }

    @Test
    void theAgentsLoaderDoesNotSeeOkHttp() {
        assertNull(getClass().getClassLoader().getResource("okhttp3/OkHttpClient.class"));
        assertTrue(okhttp.loader().getResource("okhttp3/internal/connection/RealCall.class") != null);
    }

    @Test
    void anExecutedCallIsOneChildSpanWhoseTraceparentReplacesTheApplicationsOnTheWire() throws Throwable {
        int before = peer.received().size();
        String url = peer.url("/items");
        Object status = recorder.inTrace(TRACE_ID, () -> call("execute", "GET", url,
                Map.of("traceparent", APPS_TRACEPARENT, "tracestate", "app=1", "accept", "text/plain")));
        assertEquals(200, status);

        RecordedSpan span = onlySpanTo(url);
        assertEquals("GET", span.method());
        assertEquals(TRACE_ID, span.traceId(), "a child of the caller's trace");
        assertTrue(span.isEnded(), "ended when execute() returned");
        assertEquals(200, span.status());
        assertNull(span.thrown());
        List<Peer.Received> wire = peer.since(before);
        assertEquals(1, wire.size(), wire.toString());
        assertEquals(List.of(span.traceparent()), wire.get(0).traceparent(), "one traceparent, the span's");
        assertEquals(List.of(), wire.get(0).tracestate(), "the application's tracestate went with its traceparent");
    }

    @Test
    void aPostsMethodAndErrorStatusAreRecorded() throws Throwable {
        String url = peer.url("/status/503");
        assertEquals(503, call("execute", "POST", url, Map.of()));
        RecordedSpan span = onlySpanTo(url);
        assertEquals("POST", span.method());
        assertEquals(503, span.status());
        assertEquals(List.of(span.traceparent()), peer.received().get(peer.received().size() - 1).traceparent());
    }

    @Test
    void theRequestTheApplicationBuiltIsLeftAsItWas() throws Throwable {
        int before = peer.received().size();
        assertEquals(true, call("responseCarriesTheApplicationsRequest", peer.url("/same")));
        assertEquals(List.of(onlySpanTo(peer.url("/same")).traceparent()), peer.since(before).get(0).traceparent());
    }

    @Test
    void aFollowedRedirectIsOneSpanAndEveryHopCarriesItsTraceparent() throws Throwable {
        int before = peer.received().size();
        String url = peer.url("/redirect");
        assertEquals("200 " + peer.url("/landing"), call("executeFollowing", url));

        RecordedSpan span = onlySpanTo(url);
        assertEquals(200, span.status(), "the status of the response the call ended with");
        List<Peer.Received> wire = peer.since(before);
        assertEquals(List.of("/redirect", "/landing"), wire.stream().map(Peer.Received::path).toList());
        for (Peer.Received hop : wire) {
            assertEquals(List.of(span.traceparent()), hop.traceparent(), hop.path());
        }
        assertEquals(0, spansTo(peer.url("/landing")).size(), "no span of its own for the redirect's target");
    }

    @Test
    void okHttpsOwnRetryOnAStalePooledConnectionIsTheSameSpan() throws Throwable {
        try (StalePeer stale = new StalePeer()) {
            Object client = okhttp.driver(null);
            try {
                String url = stale.url("/stale");
                int before = recorder.clientSpans().size();
                assertEquals(200, okhttp.invoke(client, "execute", "GET", url, Map.of()));
                assertEquals(200, okhttp.invoke(client, "execute", "GET", url, Map.of()),
                        "the second call is retried on a new connection");
                assertEquals(2, stale.connections(), "the retry went on a connection of its own");

                List<RecordedSpan> spans = recorder.clientSpans().subList(before, recorder.clientSpans().size());
                assertEquals(2, spans.size(), "one span per call: " + spans);
                List<List<String>> wire = stale.traceparents();
                assertEquals(3, wire.size(), wire.toString());
                assertEquals(List.of(spans.get(0).traceparent()), wire.get(0));
                assertEquals(List.of(spans.get(1).traceparent()), wire.get(1), "the attempt that got no answer");
                assertEquals(List.of(spans.get(1).traceparent()), wire.get(2), "the retry");
                assertEquals(200, spans.get(1).status());
                assertNull(spans.get(1).thrown());
            } finally {
                okhttp.invoke(client, "close");
            }
        }
    }

    @Test
    void anApplicationInterceptorsRetriesAreOneSpanAndEachAttemptCarriesItsTraceparentNotTheInterceptors()
            throws Throwable {
        int before = peer.received().size();
        String url = peer.url("/intercepted");
        assertEquals(200, call("executeRetryingInterceptor", url, 3));

        RecordedSpan span = onlySpanTo(url);
        List<Peer.Received> wire = peer.since(before);
        assertEquals(3, wire.size(), wire.toString());
        for (Peer.Received attempt : wire) {
            assertEquals(List.of(span.traceparent()), attempt.traceparent());
        }
    }

    @Test
    void clientsCalledInsideACallOpenNoSpanOfTheirOwn() throws Throwable {
        int before = peer.received().size();
        int spansBefore = recorder.clientSpans().size();
        String url = peer.url("/outer");
        assertEquals(200, call("executeNestingInterceptor", url, peer.url("/inner")));

        List<RecordedSpan> spans = recorder.clientSpans().subList(spansBefore, recorder.clientSpans().size());
        assertEquals(1, spans.size(), "the inner OkHttp call and HttpURLConnection are the outer call: " + spans);
        RecordedSpan span = spans.get(0);
        assertEquals(url, span.target());
        List<Peer.Received> wire = peer.since(before);
        assertEquals(List.of("/inner", "/inner", "/outer"), wire.stream().map(Peer.Received::path).toList());
        assertEquals(List.of(span.traceparent()), wire.get(0).traceparent(), "an OkHttp call inside is the same call");
        assertEquals(List.of(span.traceparent()), wire.get(2).traceparent());
    }

    @Test
    void aRefusedConnectionIsThrownToTheApplicationAndRecordedAsThrown() throws Throwable {
        String url = "http://127.0.0.1:" + closedPort() + "/refused";
        IOException thrown = assertThrows(IOException.class, () -> call("execute", "GET", url, Map.of()));

        RecordedSpan span = onlySpanTo(url);
        assertTrue(span.isEnded());
        assertEquals(0, span.status());
        assertSame(thrown, span.thrown(), "what the application got");
        assertInstanceOf(ConnectException.class, thrown);
    }

    @Test
    void aCallExecutedTwiceIsOneSpan() throws Throwable {
        String url = peer.url("/twice");
        assertEquals("Already Executed", call("executeTwice", url));
        assertEquals(200, onlySpanTo(url).status());
    }

    @Test
    void anEnqueuedCallIsAChildOfTheEnqueuingTraceAndEndsWhenItsCallbackIsCalled() throws Throwable {
        int before = peer.received().size();
        String url = peer.url("/async");
        Called called = new Called(url);
        recorder.inTrace(TRACE_ID, () -> call("enqueue", "GET", url, Map.of("traceparent", APPS_TRACEPARENT), called));
        called.await();

        assertNotEquals(Thread.currentThread().getName(), called.thread, "called on OkHttp's dispatcher thread");
        assertEquals(200, called.status);
        assertTrue(called.spanEnded, "the span had ended when onResponse was called");
        RecordedSpan span = onlySpanTo(url);
        assertEquals(TRACE_ID, span.traceId(), "a child of the enqueuing code's trace");
        assertEquals(200, span.status());
        assertNull(span.thrown());
        List<Peer.Received> wire = peer.since(before);
        assertEquals(1, wire.size(), wire.toString());
        assertEquals(List.of(span.traceparent()), wire.get(0).traceparent());
        assertNull(recorder.currentTrace(), "the enqueuing thread is back to no trace");
    }

    @Test
    void anEnqueuedCallThatFailsEndsWithTheFailureOnFailureGets() throws Throwable {
        String url = "http://127.0.0.1:" + closedPort() + "/async-refused";
        Called called = new Called(url);
        recorder.inTrace(TRACE_ID, () -> call("enqueue", "GET", url, Map.of(), called));
        called.await();

        assertInstanceOf(ConnectException.class, called.thrown);
        assertTrue(called.spanEnded, "the span had ended when onFailure was called");
        RecordedSpan span = onlySpanTo(url);
        assertEquals(TRACE_ID, span.traceId());
        assertEquals(0, span.status());
        assertSame(called.thrown, span.thrown());
    }

    @Test
    void aCallTheDispatcherHoldsBackKeepsTheTraceItWasEnqueuedIn() throws Throwable {
        Object onePerHost = okhttp.driver("onePerHost");
        try {
            int before = peer.received().size();
            Called first = new Called(peer.url("/slow/first"));
            Called second = new Called(peer.url("/slow/second"));
            recorder.inTrace(TRACE_ID, () -> callOn(onePerHost, "enqueue", "GET", first.url, Map.of(), first));
            recorder.inTrace(OTHER_TRACE_ID,
                    () -> callOn(onePerHost, "enqueue", "GET", second.url, Map.of(), second));
            first.await();
            second.await();

            RecordedSpan firstSpan = onlySpanTo(first.url);
            RecordedSpan secondSpan = onlySpanTo(second.url);
            assertEquals(TRACE_ID, firstSpan.traceId());
            assertEquals(OTHER_TRACE_ID, secondSpan.traceId(),
                    "run from the dispatcher thread of the first call once it was done, in its own trace still");
            List<Peer.Received> wire = peer.since(before);
            assertEquals(List.of("/slow/first", "/slow/second"), wire.stream().map(Peer.Received::path).toList(),
                    "one at a time");
            assertEquals(List.of(firstSpan.traceparent()), wire.get(0).traceparent());
            assertEquals(List.of(secondSpan.traceparent()), wire.get(1).traceparent());
            assertTrue(first.spanEnded && second.spanEnded);
        } finally {
            okhttp.invoke(onePerHost, "close");
        }
    }

    @Test
    void anEnqueuedCallTheExecutorRejectsEndsWithTheFailureOnFailureGets() throws Throwable {
        Object rejecting = okhttp.driver("rejecting");
        try {
            int before = peer.received().size();
            String url = peer.url("/rejected");
            Called called = new Called(url);
            okhttp.invoke(rejecting, "enqueue", "GET", url, Map.of(), called);
            called.await();

            assertInstanceOf(IOException.class, called.thrown);
            assertTrue(called.spanEnded, "the span had ended when onFailure was called");
            RecordedSpan span = onlySpanTo(url);
            assertSame(called.thrown, span.thrown());
            assertEquals(0, span.status());
            assertEquals(0, peer.since(before).size(), "nothing went out");
        } finally {
            okhttp.invoke(rejecting, "close");
        }
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void wovenInTheApplicationsLoaderWithoutAWarningAndTheAdviceIsNeverLoaded() throws Throwable {
        assertEquals(200, call("execute", "GET", peer.url("/last"), Map.of()));
        InstrumentationStatus status = installation.status("okhttp");
        assertTrue(status.enabled());
        assertTrue(status.wovenTypes().containsAll(List.of(OkHttpInstrumentation.REAL_CALL, OkHttpInstrumentation.EXCHANGE)),
                status.wovenTypes().toString());
        assertEquals(List.of(), status.skipped());
        assertEquals(List.of(), installation.warnings());
        for (String advice : ADVICE) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.okhttp." + advice), advice);
        }
    }

    // ---- helpers ----

    private Object call(String method, Object... args) throws Exception {
        return callOn(driver, method, args);
    }

    private Object callOn(Object target, String method, Object... args) throws Exception {
        try {
            return okhttp.invoke(target, method, args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private List<RecordedSpan> spansTo(String url) {
        return recorder.clientSpans().stream().filter(s -> s.target().equals(url)).toList();
    }

    /** The one client span to that URL, once it ended. */
    private RecordedSpan onlySpanTo(String url) throws InterruptedException {
        List<RecordedSpan> spans = spansTo(url);
        assertEquals(1, spans.size(), "client spans to " + url + ": " + recorder.clientSpans());
        return spans.get(0).awaitEnd(Duration.ofSeconds(10));
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** An enqueued call's callback: what it was called with, where, and whether the span had ended by then. */
    private final class Called implements BiConsumer<Integer, Throwable> {
        final String url;
        final CompletableFuture<Void> done = new CompletableFuture<>();
        volatile int status;
        volatile Throwable thrown;
        volatile String thread;
        volatile boolean spanEnded;

        Called(String url) {
            this.url = url;
        }

        @Override
        public void accept(Integer status, Throwable thrown) {
            this.status = status;
            this.thrown = thrown;
            this.thread = Thread.currentThread().getName();
            List<RecordedSpan> spans = spansTo(url);
            this.spanEnded = spans.size() == 1 && spans.get(0).isEnded();
            done.complete(null);
        }

        void await() throws Exception {
            done.get(10, TimeUnit.SECONDS);
        }
    }
}
