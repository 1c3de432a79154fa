package dev.weft.instrumentation.grpc;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the grpc instrumentation does, for one line of grpc-java: a real server and client on shaded
 * Netty in a class loader of their own (the fat-jar case: the test's loader, standing for the
 * agent's, does not see them), one server for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GrpcContract {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SERVICE = "weft.test.Echo/";
    private static final String FIXTURE = "dev.weft.instrumentation.grpc.fixture.";
    private static final int OK = 0;
    private static final int UNKNOWN = 2;
    private static final int NOT_FOUND = 5;

    private final String libraries;
    private Recorder recorder;
    private RpcRecorder rpc;
    private Installation installation;
    private URLClassLoader loader;
    private Object app;

    /** @param libraries the system property naming the folder of the line's jars */
    GrpcContract(String libraries) {
        this.libraries = libraries;
    }

    @BeforeAll
    void start() throws Exception {
        recorder = Recorder.install();
        rpc = RpcRecorder.install();
        installation = TestAgent.install("grpc");
        TestLoaders application = TestLoaders.named("grpc-app");
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty(libraries)))) {
            jars.filter(jar -> jar.toString().endsWith(".jar")).sorted().forEach(application::jar);
        }
        Path fixtures = Path.of(GrpcContract.class.getResource("fixture").toURI());
        try (Stream<Path> classes = Files.list(fixtures)) {
            classes.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".class"))
                    .forEach(name -> application.copy(FIXTURE + name.substring(0, name.length() - ".class".length())));
        }
        loader = application.build();
        app = loader.loadClass(FIXTURE + "GrpcApp").getConstructor().newInstance();
    }

    @AfterAll
    void stop() throws Exception {
        if (app != null) {
            call("close");
        }
        loader.close();
        installation.close();
        rpc.close();
        recorder.close();
    }

    @Test
    void theTestsLoaderDoesNotSeeGrpc() {
        assertNull(getClass().getClassLoader().getResource("io/grpc/internal/ClientCallImpl.class"));
    }

    @Test
    void aUnaryCallIsAClientSpanInTheCallersTraceAndTheServerSpanContinuesIt() throws Exception {
        int before = rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say").size();
        assertEquals("said hi", recorder.inTrace(TRACE_ID, () -> call("say", "hi")));

        RpcRecorder.Span client = last(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say"), before).awaitEnd(WAIT);
        RpcRecorder.Span server = last(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Say"), before).awaitEnd(WAIT);
        assertEquals(TRACE_ID, client.traceId, "a child of the caller's trace");
        assertEquals(TRACE_ID, server.traceId, "the server continues it");
        assertEquals(client.spanId, server.parentId, "the server span's parent is the client span");
        assertEquals(List.of(client.traceparent()), server.incoming);
        assertEquals(List.of(client.traceparent()), lastSeen("traceparents", "Say"), "exactly one traceparent, the span's");
        assertEquals(OK, client.status);
        assertEquals(OK, server.status);
        assertEquals("127.0.0.1:" + call("port"), client.peer);
    }

    @Test
    void traceHeadersTheApplicationSetAreReplacedByExactlyOne() throws Exception {
        int before = rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say").size();
        assertEquals("said own", recorder.inTrace(TRACE_ID, () -> call("sayWithOwnTraceHeaders", "own",
                "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01", "app=set")));
        RpcRecorder.Span client = last(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say"), before).awaitEnd(WAIT);
        assertEquals(List.of(client.traceparent()), lastSeen("traceparents", "Say"));
        assertEquals(List.of(), lastSeen("tracestates", "Say"), "the app's tracestate went with its traceparent");
    }

    @Test
    void theFirstCallOfANewChannelIsInTheCallersTraceThoughTheLibraryStartsItLater() throws Exception {
        int before = rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say").size();
        assertEquals("said fresh", recorder.inTrace(TRACE_ID, () -> call("sayOnNewChannel", "fresh")));
        RpcRecorder.Span client = last(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say"), before).awaitEnd(WAIT);
        assertEquals(TRACE_ID, client.traceId);
        assertEquals(List.of(client.traceparent()), lastSeen("traceparents", "Say"));
    }

    @Test
    void aServerStreamingCallIsOneSpanEachSideEndingWhenTheCallCloses() throws Exception {
        assertEquals(List.of("1", "2", "3"), recorder.inTrace(TRACE_ID, () -> call("count", 3)));
        RpcRecorder.Span client = only(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Count")).awaitEnd(WAIT);
        RpcRecorder.Span server = only(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Count")).awaitEnd(WAIT);
        assertEquals(client.spanId, server.parentId);
        assertEquals(OK, client.status);
        assertEquals(OK, server.status);
    }

    @Test
    void clientStreamingAndBidiCallsAreOneSpanEachSide() throws Exception {
        assertEquals(List.of("abc"), recorder.inTrace(TRACE_ID, () -> call("join", List.of("a", "b", "c"))));
        assertEquals(List.of("echo x", "echo y"), recorder.inTrace(TRACE_ID, () -> call("chat", List.of("x", "y"))));
        for (String method : List.of("Join", "Chat")) {
            RpcRecorder.Span client = only(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + method)).awaitEnd(WAIT);
            RpcRecorder.Span server = only(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + method)).awaitEnd(WAIT);
            assertEquals(TRACE_ID, client.traceId, method);
            assertEquals(client.spanId, server.parentId, method);
            assertEquals(List.of(List.of(client.traceparent())), call("traceparents", SERVICE + method), method);
            assertEquals(OK, client.status, method);
            assertEquals(OK, server.status, method);
        }
    }

    @Test
    void theStatusAServerSendsIsBothSpansStatus() throws Exception {
        assertEquals("NOT_FOUND", call("fail", "x"));
        assertEquals(NOT_FOUND, only(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Fail")).awaitEnd(WAIT).status);
        assertEquals(NOT_FOUND, only(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Fail")).awaitEnd(WAIT).status);
    }

    @Test
    void aServiceMethodThatThrowsIsUnknownOnBothSides() throws Exception {
        assertEquals("UNKNOWN", call("throwing", "x"));
        assertEquals(UNKNOWN, only(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Throw")).awaitEnd(WAIT).status);
        assertEquals(UNKNOWN, only(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Throw")).awaitEnd(WAIT).status);
    }

    @Test
    void theServiceMethodRunsInTheServerSpanSoItsOwnCallsAreItsChildren() throws Exception {
        int says = rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say").size();
        assertEquals("relayed said r", call("relay", "r"));
        RpcRecorder.Span relayServer = only(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Relay")).awaitEnd(WAIT);
        RpcRecorder.Span inner = last(rpc.spans(RpcRecorder.Kind.CLIENT, SERVICE + "Say"), says).awaitEnd(WAIT);
        assertEquals(relayServer.traceId, inner.traceId);
        assertEquals(relayServer.spanId, inner.parentId, "the service method's call is a child of its server span");
        RpcRecorder.Span innerServer = last(rpc.spans(RpcRecorder.Kind.SERVER, SERVICE + "Say"), says).awaitEnd(WAIT);
        assertEquals(inner.spanId, innerServer.parentId);
    }

    @Test
    void withoutRpcSpansTheApplicationsOwnHeadersGoOutAsTheyAre() throws Exception {
        String own = "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01";
        RpcRecorder recording = rpc;
        int spans = recording.all().size();
        rpc.close();
        try {
            assertEquals("said plain", call("sayWithOwnTraceHeaders", "plain", own, "app=set"));
        } finally {
            rpc = RpcRecorder.install();
        }
        assertEquals(spans, recording.all().size(), "no span");
        assertEquals(List.of(own), lastSeen("traceparents", "Say"));
        assertEquals(List.of("app=set"), lastSeen("tracestates", "Say"));
    }

    @Test
    void everyHookWasWovenAndNoAdviceClassWasLoaded() {
        assertTrue(installation.status("grpc").wovenTypes().containsAll(List.of(GrpcInstrumentation.CLIENT_CALL,
                GrpcInstrumentation.DELAYED_CALL, GrpcInstrumentation.SERVER_CALL, GrpcInstrumentation.SERVER_STREAM,
                GrpcInstrumentation.STREAM_LISTENER, GrpcInstrumentation.CONTEXT_TASK)),
                installation.status("grpc").wovenTypes().toString());
        assertTrue(installation.warnings().isEmpty(), installation.warnings().toString());
        for (String advice : List.of("ClientStartAdvice", "DelayedStartAdvice", "ClientCloseAdvice", "ServerCallAdvice",
                "ServerStatusAdvice", "ServerClosedAdvice", "ContextTaskAdvice")) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.grpc." + advice), advice);
        }
    }

    // ---- helpers ----

    @SuppressWarnings("unchecked")
    private List<String> lastSeen(String which, String method) throws Exception {
        List<List<String>> all = (List<List<String>>) call(which, SERVICE + method);
        assertFalse(all.isEmpty(), which + " of " + method);
        return all.get(all.size() - 1);
    }

    private static RpcRecorder.Span only(List<RpcRecorder.Span> spans) {
        assertEquals(1, spans.size(), spans.toString());
        return spans.get(0);
    }

    /** The one span recorded after the first {@code before}. */
    private static RpcRecorder.Span last(List<RpcRecorder.Span> spans, int before) {
        assertEquals(before + 1, spans.size(), spans.toString());
        return spans.get(before);
    }

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
}
