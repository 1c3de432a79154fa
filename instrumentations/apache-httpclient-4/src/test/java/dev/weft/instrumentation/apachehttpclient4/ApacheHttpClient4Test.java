package dev.weft.instrumentation.apachehttpclient4;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HttpClient 4.5 (its jars in a loader of their own, the application class copied in) against real
 * servers on 127.0.0.1: each call one CLIENT span whose {@code traceparent} is the only one sent.
 */
class ApacheHttpClient4Test {

    static final String APP = "dev.weft.instrumentation.apachehttpclient4.app.Apache4App";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FOREIGN = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";

    private static Recorder recorder;
    private static Installation installation;
    private static HeaderServer server;
    private static ScriptedServer scripted;
    private static Class<?> app;

    /** A loader holding HttpClient's jars (the first one given in place of httpclient.jar) and the application. */
    static ClassLoader appLoader(String name, Path httpclient) throws IOException {
        Path libs = Path.of(System.getProperty("weft.test.libs"));
        TestLoaders loader = TestLoaders.named(name).jar(httpclient);
        for (String jar : List.of("httpcore.jar", "commons-logging.jar", "commons-codec.jar")) {
            loader.jar(libs.resolve(jar));
        }
        String pkg = APP.substring(0, APP.lastIndexOf('.'));
        try (Stream<Path> files = Files.list(Path.of("target/test-classes", pkg.replace('.', '/')))) {
            files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".class"))
                    .forEach(f -> loader.copy(pkg + "." + f.substring(0, f.length() - ".class".length())));
        }
        return loader.build();
    }

    @BeforeAll
    static void start() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install("apache-httpclient-4", "http-url-connection");
        server = new HeaderServer();
        scripted = new ScriptedServer();
        app = appLoader("httpclient4", Path.of(System.getProperty("weft.test.libs"), "httpclient.jar")).loadClass(APP);
    }

    @AfterAll
    static void stop() {
        scripted.close();
        server.close();
        installation.close();
        recorder.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"uri", "uri-context", "host-request", "host-request-context", "uri-handler",
            "uri-handler-context", "host-request-handler", "host-request-handler-context", "post"})
    void everyOverloadIsOneSpanWhoseTraceparentIsTheOnlyOneSent(String overload) throws Exception {
        int before = server.traceparents().size();
        int spans = recorder.clientSpans().size();
        String url = server.url("/items/" + overload + "?q=1");
        int status = recorder.inTrace(TRACE_ID, () -> (Integer) call("call", overload, url, FOREIGN));
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
    void theApplicationsRequestObjectIsLeftAsItWas() throws Exception {
        String[] after = (String[]) call("headersAfterCall", server.url("/untouched"), FOREIGN);
        assertArrayEquals(new String[] {FOREIGN}, after);
        assertNotEquals(FOREIGN, last(recorder.clientSpans()).traceparent());
    }

    @Test
    void theStatusIsRecorded() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(404, call("call", "uri-handler", scripted.url("/status/404"), null));
        assertEquals(404, onlyNewSpan(spans).status());
    }

    @Test
    void aRefusedConnectionIsRecordedAsThrown() throws Exception {
        int spans = recorder.clientSpans().size();
        String url = "http://127.0.0.1:" + freePort() + "/nobody";
        InvocationTargetException failure = assertThrows(InvocationTargetException.class,
                () -> call("call", "uri", url, null));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(url, span.target());
        assertEquals(0, span.status());
        assertEquals(failure.getCause(), span.thrown());
    }

    @Test
    void aRedirectIsPartOfTheSameSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("call", "host-request-handler", scripted.url("/redirect/moved/four"), FOREIGN));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(200, span.status());
        assertEquals(List.of(span.traceparent()), scripted.requests("/redirect/moved/four").get(0).traceparents());
        assertEquals(List.of(span.traceparent()), scripted.requests("/moved/four").get(0).traceparents(),
                "the redirected request carries the same single traceparent");
    }

    @Test
    void aRetryIsPartOfTheSameSpan() throws Exception {
        int spans = recorder.clientSpans().size();
        assertEquals(200, call("call", "uri-handler", scripted.url("/drop-once/four"), FOREIGN));
        RecordedSpan span = onlyNewSpan(spans);
        assertEquals(200, span.status());
        List<ScriptedServer.Request> tries = scripted.requests("/drop-once/four");
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
    void theClassesAreWovenWithoutAWordAndNoAdviceClassIsLoaded() throws Exception {
        assertEquals(200, call("call", "uri", server.url("/woven"), null));
        assertEquals(200, call("minimal", server.url("/woven"), null));
        List<String> woven = installation.status("apache-httpclient-4").wovenTypes();
        for (String type : List.of(ApacheHttpClient4Instrumentation.INTERNAL_CLIENT, ApacheHttpClient4Instrumentation.MINIMAL_CLIENT,
                ApacheHttpClient4Instrumentation.MAIN_EXEC, ApacheHttpClient4Instrumentation.MINIMAL_EXEC)) {
            assertTrue(woven.contains(type), type + " in " + woven);
        }
        // (the loader of UnknownVersionTest, still alive in this JVM when it ran first, is skipped again)
        assertEquals(List.of(), installation.warnings().stream().filter(w -> !w.contains("httpclient4-trimmed")).toList());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.apachehttpclient4.CallAdvice"));
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.apachehttpclient4.HeadersAdvice"));
    }

    private static RecordedSpan onlyNewSpan(int before) {
        List<RecordedSpan> spans = recorder.clientSpans();
        assertEquals(before + 1, spans.size(), "one new client span: " + spans.subList(before, spans.size()));
        return spans.get(before);
    }

    private static RecordedSpan last(List<RecordedSpan> spans) {
        return spans.get(spans.size() - 1);
    }

    static Object call(String name, Object... arguments) throws Exception {
        return call(app, name, arguments);
    }

    static Object call(Class<?> target, String name, Object... arguments) throws Exception {
        for (Method method : target.getMethods()) {
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
