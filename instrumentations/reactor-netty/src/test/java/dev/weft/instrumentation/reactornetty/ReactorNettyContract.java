package dev.weft.instrumentation.reactornetty;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the reactor-netty instrumentation does, for one line of Reactor Netty: a real HttpServer
 * and HttpClient in a class loader of their own (the fat-jar case: the test's loader, standing for
 * the agent's, does not see them), a JDK HTTP server as the client's peer, the JDK's client as the
 * server's caller.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ReactorNettyContract {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String CALLER_TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    private static final String CALLER_TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String ADVICE = "dev.weft.instrumentation.reactornetty.";

    private final String libraries;
    private Recorder recorder;
    private Installation installation;
    private Peer peer;
    private URLClassLoader loader;
    private Object app;
    private HttpClient caller;

    /** @param libraries the system property naming the folder of the line's jars */
    ReactorNettyContract(String libraries) {
        this.libraries = libraries;
    }

    @BeforeAll
    void start() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install("reactor-netty");
        peer = new Peer();
        TestLoaders application = TestLoaders.named("reactor-netty-app");
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty(libraries)))) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(application::jar);
        }
        loader = application.copy("dev.weft.instrumentation.reactornetty.fixture.ReactorNettyApp").build();
        app = loader.loadClass("dev.weft.instrumentation.reactornetty.fixture.ReactorNettyApp")
                .getConstructor(String.class).newInstance(peer.url(""));
        caller = HttpClient.newBuilder().connectTimeout(WAIT).build();
    }

    @AfterAll
    void stop() throws Exception {
        call("close");
        loader.close();
        peer.close();
        installation.close();
        recorder.close();
    }

    @Test
    void theTestsLoaderDoesNotSeeReactorNetty() {
        assertNull(getClass().getClassLoader().getResource("reactor/netty/http/client/HttpClient.class"));
    }

    // ---- client ----

    @Test
    void aCallIsAClientSpanOfTheCallersTraceAndCarriesExactlyOneTraceparentItsOwn() throws Exception {
        int spans = recorder.clientSpans().size();
        String answer = recorder.inTrace(TRACE_ID, () -> (String) call("get", peer.url("/items"),
                Map.of("traceparent", "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01",
                        "tracestate", "app=set", "accept", "text/plain")));
        assertEquals("200 /items", answer);

        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals("GET", span.method());
        assertEquals(peer.url("/items"), span.target());
        assertEquals(TRACE_ID, span.traceId(), "a child of the caller's trace");
        assertEquals(200, span.status());
        assertNull(span.thrown());
        Peer.Seen seen = last(peer.seen("/items"));
        assertEquals(List.of(span.traceparent()), seen.traceparent(), "one traceparent, the span's, not the app's");
        assertEquals(List.of(), seen.tracestate(), "the app's tracestate went with its traceparent");
    }

    @Test
    void traceHeadersTheAppAddsLateInDoOnRequestAndItsSendFunctionAreReplacedToo() throws Exception {
        int spans = recorder.clientSpans().size();
        String answer = recorder.inTrace(TRACE_ID, () -> (String) call("getAddingTraceHeadersLate", peer.url("/late")));
        assertEquals("200 /late", answer);

        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals("POST", span.method());
        Peer.Seen seen = last(peer.seen("/late"));
        assertEquals(List.of(span.traceparent()), seen.traceparent());
        assertEquals(List.of(), seen.tracestate());
    }

    @Test
    void aCallOutsideAnyTraceStartsOneAndStillCarriesItsTraceparent() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals("200 /untraced", call("get", peer.url("/untraced"), Map.of()));
        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals(List.of(span.traceparent()), last(peer.seen("/untraced")).traceparent());
    }

    @Test
    void withoutHttpSpansTheAppsOwnHeadersGoOutAsTheyAre() throws Exception {
        String own = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";
        recorder.close();
        try {
            assertEquals("200 /own", call("get", peer.url("/own"), Map.of("traceparent", own)));
            assertEquals("200 /hello", request("GET", "/hello", null).statusCode() + " /hello");
        } finally {
            recorder = Recorder.install();
        }
        assertEquals(List.of(own), last(peer.seen("/own")).traceparent());
    }

    @Test
    void redirectsFollowedAreOneCallWithOneSpanWhoseTraceparentEachRequestCarries() throws Exception {
        int spans = recorder.clientSpans().size();
        int redirects = peer.seen("/redirect").size();
        int items = peer.seen("/items").size();
        String answer = recorder.inTrace(TRACE_ID, () -> (String) call("getFollowingRedirects", peer.url("/redirect")));
        assertEquals("200 /items", answer);

        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals(peer.url("/redirect"), span.target(), "the URL the app called");
        assertEquals(200, span.status(), "the final response's");
        assertEquals(redirects + 1, peer.seen("/redirect").size());
        assertEquals(items + 1, peer.seen("/items").size());
        assertEquals(List.of(span.traceparent()), last(peer.seen("/redirect")).traceparent());
        assertEquals(List.of(span.traceparent()), last(peer.seen("/items")).traceparent());
    }

    @Test
    void anErrorStatusIsRecorded() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals("503 /status/503", call("get", peer.url("/status/503"), Map.of()));
        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals(503, span.status());
        assertNull(span.thrown());
    }

    @Test
    void aRefusedConnectionIsRecordedAsThrown() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        int spans = recorder.clientSpans().size();
        Throwable failure = failure(() -> call("get", "http://127.0.0.1:" + closedPort + "/nowhere", Map.of()));
        assertNotNull(failure, "the app sees the failure");

        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(WAIT);
        assertEquals(0, span.status());
        assertNotNull(span.thrown(), span.toString());
        assertTrue(span.thrown().toString().contains("Connection refused"), span.thrown().toString());
    }

    @Test
    void aCallGivenUpBeforeItsResponseEndsItsSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        String answer = (String) call("getWithTimeout", peer.url("/slow"), 300L);
        assertTrue(answer.contains("TimeoutException"), answer);

        RecordedSpan span = only(recorder.clientSpans(), spans).awaitEnd(Duration.ofSeconds(1));
        assertEquals(0, span.status(), "no response");
    }

    @Test
    void eachSubscriptionToOnePublisherIsACallOfItsOwn() throws Exception {
        int spans = recorder.clientSpans().size();
        int requests = peer.seen("/twice").size();
        assertEquals("/twice,/twice", recorder.inTrace(TRACE_ID, () -> call("getTwiceFromOnePublisher", peer.url("/twice"))));
        List<RecordedSpan> made = recorder.clientSpans().subList(spans, recorder.clientSpans().size());
        assertEquals(2, made.size(), made.toString());
        List<Peer.Seen> seen = peer.seen("/twice").subList(requests, requests + 2);
        for (int i = 0; i < 2; i++) {
            made.get(i).awaitEnd(WAIT);
            assertEquals(TRACE_ID, made.get(i).traceId());
            assertEquals(List.of(made.get(i).traceparent()), seen.get(i).traceparent());
        }
        assertNotEquals(made.get(0).traceparent(), made.get(1).traceparent());
    }

    // ---- server ----

    @Test
    void aRequestIsAServerSpanContinuingTheCallersTraceEndedWhenTheResponseIsSent() throws Exception {
        int servers = recorder.serverSpans().size();
        HttpResponse<String> response = request("GET", "/hello?name=x", CALLER_TRACEPARENT);
        assertEquals(200, response.statusCode());
        assertEquals("hello", response.body());

        RecordedSpan span = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        assertEquals("GET", span.method());
        assertEquals("/hello", span.target());
        assertEquals("/hello", span.route(), "the route's");
        assertEquals(List.of(CALLER_TRACEPARENT), span.incomingTraceparent());
        assertEquals(CALLER_TRACE, span.traceId());
        assertEquals(200, span.status());
        assertNull(span.thrown());
    }

    @Test
    void theRouteIsTheTemplateOfTheRouteMatchedNeverTheRawPath() throws Exception {
        int servers = recorder.serverSpans().size();
        assertEquals("item 42", request("GET", "/items/42", null).body());
        RecordedSpan span = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        assertEquals("/items/42", span.target());
        assertEquals("/items/{id}", span.route());
    }

    @Test
    void aServerWithoutRoutesHasTheRouteSlash() throws Exception {
        int servers = recorder.serverSpans().size();
        HttpResponse<String> response = caller.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + call("plainPort") + "/anything/7")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("plain /anything/7", response.body());
        RecordedSpan span = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        assertEquals("/anything/7", span.target());
        assertEquals("/", span.route(), "never the raw path");
    }

    @Test
    void whileARequestIsServedItsSpanIsCurrentOnlyWhereItsSignalsAreDelivered() throws Exception {
        int servers = recorder.serverSpans().size();
        java.util.concurrent.CompletableFuture<HttpResponse<String>> slow = caller.sendAsync(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + call("slowPort") + "/slow"))
                        .header("traceparent", CALLER_TRACEPARENT).build(), HttpResponse.BodyHandlers.ofString());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (recorder.serverSpans().size() == servers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        RecordedSpan span = only(recorder.serverSpans(), servers);
        assertFalse(span.isEnded(), "still being served");
        assertEquals("null", call("slowLoopContext"), "the event loop serves others meanwhile, in no trace");
        assertEquals("slow", slow.get().body());
        span.awaitEnd(WAIT);
        assertEquals(CALLER_TRACE, span.traceId());
        assertEquals("null", call("slowLoopContext"));
    }

    @Test
    void theHandlersOwnClientCallIsAChildOfTheServerSpan() throws Exception {
        int servers = recorder.serverSpans().size();
        int clients = recorder.clientSpans().size();
        HttpResponse<String> response = request("GET", "/call", CALLER_TRACEPARENT);
        assertEquals("/from-handler", response.body());

        RecordedSpan server = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        RecordedSpan client = only(recorder.clientSpans(), clients).awaitEnd(WAIT);
        assertEquals(CALLER_TRACE, server.traceId());
        assertEquals(CALLER_TRACE, client.traceId(), "the handler's call is in the server's trace");
        assertEquals(List.of(client.traceparent()), last(peer.seen("/from-handler")).traceparent());
        assertEquals(200, server.status());
    }

    @Test
    void aCallMadeOnceTheRequestBodyHasArrivedIsInTheServersTrace() throws Exception {
        int servers = recorder.serverSpans().size();
        int clients = recorder.clientSpans().size();
        HttpResponse<String> response = caller.send(HttpRequest.newBuilder(URI.create(serverUrl("/body-then-call")))
                        .header("traceparent", CALLER_TRACEPARENT)
                        .POST(HttpRequest.BodyPublishers.ofString("x".repeat(20_000))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals("/with-body", response.body());

        RecordedSpan server = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        RecordedSpan client = only(recorder.clientSpans(), clients).awaitEnd(WAIT);
        assertEquals("POST", server.method());
        assertEquals(CALLER_TRACE, client.traceId());
        assertEquals(List.of(client.traceparent()), last(peer.seen("/with-body")).traceparent());
    }

    @Test
    void aCallMadeWhenAnotherCallsResponseArrivesIsInTheServersTraceToo() throws Exception {
        int servers = recorder.serverSpans().size();
        int clients = recorder.clientSpans().size();
        assertEquals("/second", request("GET", "/two-calls", CALLER_TRACEPARENT).body());

        only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        List<RecordedSpan> calls = recorder.clientSpans().subList(clients, recorder.clientSpans().size());
        assertEquals(2, calls.size(), calls.toString());
        for (RecordedSpan call : calls) {
            call.awaitEnd(WAIT);
            assertEquals(CALLER_TRACE, call.traceId(), call.toString());
        }
        assertEquals(List.of(calls.get(1).traceparent()), last(peer.seen("/second")).traceparent());
    }

    @Test
    void aFailingHandlerIsA500WithWhatItThrew() throws Exception {
        int servers = recorder.serverSpans().size();
        assertEquals(500, request("GET", "/fail", null).statusCode());
        RecordedSpan span = only(recorder.serverSpans(), servers).awaitEnd(WAIT);
        assertEquals(500, span.status());
        assertNotNull(span.thrown());
        assertEquals("handler failed", span.thrown().getMessage());
    }

    @Test
    void theStatusSentIsRecorded() throws Exception {
        int servers = recorder.serverSpans().size();
        assertEquals(418, request("GET", "/teapot", null).statusCode());
        assertEquals(418, only(recorder.serverSpans(), servers).awaitEnd(WAIT).status());
    }

    // ---- weaving ----

    @Test
    void theLibrarysClassesAreWovenWithoutWarningsAndNoAdviceClassIsLoaded() throws Exception {
        assertEquals("200 /items", call("get", peer.url("/items"), Map.of()));
        InstrumentationStatus status = installation.status("reactor-netty");
        assertEquals("reactor-netty", status.group());
        assertTrue(status.enabled());
        assertTrue(status.wovenTypes().containsAll(List.of(
                ReactorNettyInstrumentation.CALL, ReactorNettyInstrumentation.OBSERVER,
                ReactorNettyInstrumentation.MONO_CONNECT, ReactorNettyInstrumentation.CLIENT_OPERATIONS,
                ReactorNettyInstrumentation.SERVER_HANDLE, ReactorNettyInstrumentation.SERVER_OPERATIONS,
                ReactorNettyInstrumentation.ROUTE)),
                status.wovenTypes().toString());
        assertEquals(List.of(), installation.warnings());
        for (String advice : List.of("ClientCallAdvice", "ClientSubscribeAdvice", "ClientAttemptAdvice",
                "ClientRetryAdvice", "ClientResponseAdvice", "ClientHeadersAdvice", "ClientInboundAdvice",
                "ServerInboundAdvice", "ServerErrorAdvice", "ServerEndAdvice", "ServerRouteAdvice")) {
            assertFalse(TestAgent.isLoaded(ADVICE + advice), advice);
        }
    }

    // ---- helpers ----

    private HttpResponse<String> request(String method, String path, String traceparent) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(serverUrl(path)))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(WAIT);
        if (traceparent != null) {
            request.header("traceparent", traceparent);
        }
        return caller.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String serverUrl(String path) throws Exception {
        return "http://127.0.0.1:" + call("port") + path;
    }

    /** Calls a method of the application by name, with JDK types only. */
    private Object call(String name, Object... args) throws Exception {
        for (Method method : app.getClass().getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == args.length) {
                try {
                    return method.invoke(app, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                }
            }
        }
        throw new IllegalArgumentException("no method " + name);
    }

    private static Throwable failure(java.util.concurrent.Callable<?> work) {
        try {
            work.call();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    /** The one span made since there were {@code before}. */
    private static RecordedSpan only(List<RecordedSpan> spans, int before) {
        assertEquals(before + 1, spans.size(), "one span: " + spans.subList(before, spans.size()));
        return spans.get(before);
    }

    private static <T> T last(List<T> list) {
        assertFalse(list.isEmpty());
        return list.get(list.size() - 1);
    }
}
