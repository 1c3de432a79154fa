package dev.weft.instrumentation.apachehttpclient5;

import dev.weft.instrumentation.testing.HeaderServer;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.ScriptedServer;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HttpClient 5 (a version's jars in a loader of their own, the application class copied in) against
 * real servers on 127.0.0.1: classic and async calls, each one CLIENT span whose {@code traceparent}
 * is the only one the server saw.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class Apache5Contract {

    static final String APP = "dev.weft.instrumentation.apachehttpclient5.app.Apache5App";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FOREIGN = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final String libs;
    private Recorder recorder;
    private Installation installation;
    private HeaderServer server;
    private ScriptedServer scripted;
    private Class<?> app;

    Apache5Contract(String libs) {
        this.libs = libs;
    }

    /** A loader holding the jars of {@code target/test-libs/<dir>} and the application classes. */
    static ClassLoader appLoader(String dir) throws IOException {
        TestLoaders loader = TestLoaders.named("httpclient5-" + dir);
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("weft.test.libs"), dir))) {
            jars.sorted().forEach(loader::jar);
        }
        Path classes = Path.of(System.getProperty("weft.test.classes", "target/test-classes"));
        Path appDir = classes.resolve(APP.substring(0, APP.lastIndexOf('.')).replace('.', '/'));
        try (Stream<Path> files = Files.list(appDir)) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                    .forEach(f -> loader.copy(APP.substring(0, APP.lastIndexOf('.') + 1) + f.substring(0, f.length() - 6)));
        }
        return loader.build();
    }

    @BeforeAll
    void start() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install("apache-httpclient-5", "http-url-connection");
        server = new HeaderServer();
        scripted = new ScriptedServer();
        app = appLoader(libs).loadClass(APP);
    }

    @AfterAll
    void stop() {
        scripted.close();
        server.close();
        installation.close();
        recorder.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"request", "request-context", "host-request", "request-handler", "host-request-handler",
            "host-request-context-handler", "execute-open", "post"})
    void everyClassicOverloadIsOneSpanWhoseTraceparentIsTheOnlyOneSent(String overload) throws Exception {
        int before = server.traceparents().size();
        int spans = recorder.clientSpans().size();
        String url = server.url("/items/" + overload + "?q=1");
        int status = recorder.inTrace(TRACE_ID, () -> (Integer) call("classic", overload, url, FOREIGN));
        assertEquals(200, status);

        RecordedSpan span = onlyNewSpan(spans);
        assertTrue(span.isEnded(), "a synchronous call's span ends with it");
        assertEquals(overload.equals("post") ? "POST" : "GET", span.method());
        assertEquals(url, span.target());
        assertEquals(TRACE_ID, span.traceId(), "a child of the current trace");
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before), "one traceparent, ours, not the app's");
        assertEquals(200, span.status());
        assertNull(span.thrown());
    }

    @Test
    void theStatusIsRecorded() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(404, call("classic", "request-handler", scripted.url("/status/404"), null));
        assertEquals(404, onlyNewSpan(spans).status());
    }

    @Test
    void aRefusedConnectionIsRecordedAsThrown() throws Exception {
        int spans = recorder.clientSpans().size();
        String url = "http://127.0.0.1:" + freePort() + "/nobody";
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> call("classic", "request", url, null));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(url, span.target());
        assertEquals(0, span.status());
        assertNotNull(span.thrown());
        assertEquals(failure.getCause(), span.thrown());
    }

    @Test
    void aRedirectIsPartOfTheSameSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("classic", "request-handler", scripted.url("/redirect/moved/classic"), FOREIGN));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(200, span.status());
        assertEquals(List.of(span.traceparent()), scripted.requests("/redirect/moved/classic").get(0).traceparents());
        assertEquals(List.of(span.traceparent()), scripted.requests("/moved/classic").get(0).traceparents(),
                "the redirected request carries the same single traceparent");
    }

    @Test
    void aRetryIsPartOfTheSameSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("classic", "request-handler", scripted.url("/drop-once/classic"), FOREIGN));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(200, span.status());
        List<ScriptedServer.Request> tries = scripted.requests("/drop-once/classic");
        assertEquals(2, tries.size(), "dropped once, retried once");
        for (ScriptedServer.Request attempt : tries) {
            assertEquals(List.of(span.traceparent()), attempt.traceparents());
        }
    }

    @Test
    void theMinimalClientSendsOneTraceparent() throws Exception {
        int before = server.traceparents().size();
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("minimal", server.url("/minimal"), FOREIGN));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(server.url("/minimal"), span.target());
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before));
    }

    @Test
    void aClientCalledInsideTheCallMakesNoSpanOfItsOwn() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("nested", scripted.url("/outer"), scripted.url("/inner")));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(scripted.url("/outer"), span.target());
        assertEquals(List.of(span.traceparent()), scripted.requests("/outer").get(0).traceparents());
        assertEquals(1, scripted.requests("/inner").size(), "the inner call was made");
    }

    @Test
    void anAsyncCallEndsItsSpanWhenTheResponseArrivesNotWhenExecuteReturns() throws Exception {
        int spans = recorder.clientSpans().size();
        String url = scripted.url("/hold/async");
        Future<?> future = recorder.inTrace(TRACE_ID, () -> (Future<?>) call("asyncGet", url, FOREIGN));
        assertTrue(scripted.awaitHolding("async", 10));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals("GET", span.method());
        assertEquals(url, span.target());
        assertEquals(TRACE_ID, span.traceId());
        assertFalse(span.isEnded(), "open while the response is outstanding");

        scripted.release("async");
        Object response = future.get(10, TimeUnit.SECONDS);
        assertEquals(200, call("code", response));
        assertTrue(span.isEnded(), "ended before get() returns");
        assertEquals(200, span.status());
        assertNull(span.thrown());
        assertEquals(List.of(span.traceparent()), scripted.requests("/hold/async").get(0).traceparents());
    }

    @Test
    void anAsyncCallWithACallbackEndsWithItsStatus() throws Exception {
        int before = server.traceparents().size();
        int spans = recorder.clientSpans().size();
        CompletableFuture<Integer> done = new CompletableFuture<>();
        call("asyncPost", server.url("/async/post"), done);
        assertEquals(200, done.get(10, TimeUnit.SECONDS));
        RecordedSpan span = onlyNewSpan(spans).awaitEnd(WAIT);
        assertEquals("POST", span.method());
        assertEquals(200, span.status());
        assertEquals(List.of(span.traceparent()), server.traceparents().get(before));
    }

    @Test
    void anAsyncRedirectAndRetryArePartOfTheSameSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        Future<?> future = (Future<?>) call("asyncGet", scripted.url("/redirect/unavailable-once/async"), FOREIGN);
        assertEquals(200, call("code", future.get(10, TimeUnit.SECONDS)));
        RecordedSpan span = onlyNewSpan(spans).awaitEnd(WAIT);
        assertEquals(200, span.status());
        List<ScriptedServer.Request> sent = scripted.requests().stream()
                .filter(r -> r.path().endsWith("/unavailable-once/async")).toList();
        assertEquals(3, sent.size(), "the redirect, the 503 and its retry: " + sent);
        for (ScriptedServer.Request request : sent) {
            assertEquals(List.of(span.traceparent()), request.traceparents());
        }
    }

    @Test
    void theHttp2ClientSendsOneTraceparentOfItsSpan() throws Exception {
        List<List<String>> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        int port = (Integer) call("h2Server", seen);
        int spans = recorder.clientSpans().size();
        String url = "http://127.0.0.1:" + port + "/h2";
        Future<?> future = recorder.inTrace(TRACE_ID, () -> (Future<?>) call("h2Get", url, FOREIGN));
        assertEquals(200, call("code", future.get(10, TimeUnit.SECONDS)));
        RecordedSpan span = onlyNewSpan(spans);
        assertTrue(span.isEnded());
        assertEquals(url, span.target());
        assertEquals(TRACE_ID, span.traceId());
        assertEquals(200, span.status());
        assertEquals(List.of(List.of(span.traceparent())), seen);
        assertTrue(installation.status("apache-httpclient-5").wovenTypes().contains(ApacheHttpClient5Instrumentation.H2_MAIN_EXEC));
    }

    @Test
    void anAsyncStatusIsRecorded() throws Exception {
        int spans = recorder.clientSpans().size();
        Future<?> future = (Future<?>) call("asyncGet", scripted.url("/status/500"), null);
        assertEquals(500, call("code", future.get(10, TimeUnit.SECONDS)));
        RecordedSpan span = onlyNewSpan(spans).awaitEnd(WAIT);
        assertEquals(500, span.status());
        assertNull(span.thrown());
    }

    @Test
    void anAsyncRefusedConnectionIsRecordedAsThrown() throws Exception {
        int spans = recorder.clientSpans().size();
        Future<?> future = (Future<?>) call("asyncGet", "http://127.0.0.1:" + freePort() + "/nobody", null);
        ExecutionException failure = assertThrows(ExecutionException.class, () -> future.get(10, TimeUnit.SECONDS));
        RecordedSpan span = onlyNewSpan(spans).awaitEnd(WAIT);
        assertEquals(0, span.status());
        assertEquals(failure.getCause(), span.thrown());
    }

    @Test
    void aCancelledAsyncCallEndsItsSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        Future<?> future = (Future<?>) call("asyncGet", scripted.url("/hold/cancel"), null);
        assertTrue(scripted.awaitHolding("cancel", 10));
        RecordedSpan span = onlyNewSpan(spans);
        assertFalse(span.isEnded());
        assertTrue(future.cancel(true));
        assertTrue(span.isEnded(), "cancelling ends it");
        assertInstanceOf(CancellationException.class, span.thrown());
        assertEquals(0, span.status());
        scripted.release("cancel");
    }

    @Test
    void theClassesAreWovenWithoutAWordAndNoAdviceClassIsLoaded() throws Exception {
        assertEquals(200, call("classic", "request", server.url("/woven"), null));
        assertEquals(200, call("minimal", server.url("/woven"), null));
        assertEquals(200, call("code", ((Future<?>) call("asyncGet", server.url("/woven"), null)).get(10, TimeUnit.SECONDS)));
        List<String> woven = installation.status("apache-httpclient-5").wovenTypes();
        for (String type : List.of(ApacheHttpClient5Instrumentation.INTERNAL_CLIENT, ApacheHttpClient5Instrumentation.MINIMAL_CLIENT,
                ApacheHttpClient5Instrumentation.MAIN_EXEC, ApacheHttpClient5Instrumentation.ASYNC_CLIENT,
                ApacheHttpClient5Instrumentation.ASYNC_MAIN_EXEC, ApacheHttpClient5Instrumentation.FUTURE)) {
            assertTrue(woven.contains(type), type + " in " + woven);
        }
        // (the loader of UnknownVersionTest, still alive in this JVM when it ran first, is skipped again)
        assertEquals(List.of(), installation.warnings().stream().filter(w -> !w.contains("httpclient5-unknown")).toList());
        for (String advice : List.of("ClassicCallAdvice", "MinimalCallAdvice", "ClassicHeadersAdvice",
                "AsyncStartAdvice", "AsyncHeadersAdvice", "AsyncEndAdvice")) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.apachehttpclient5." + advice), advice);
        }
    }

    private RecordedSpan onlyNewSpan(int before) {
        List<RecordedSpan> spans = recorder.clientSpans();
        assertEquals(before + 1, spans.size(), "one new client span: " + spans.subList(before, spans.size()));
        return spans.get(before);
    }

    private Object call(String name, Object... arguments) throws Exception {
        for (Method method : app.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == arguments.length) {
                return method.invoke(null, arguments);
            }
        }
        throw new NoSuchMethodException(name);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
