package dev.weft.instrumentation.servlet.jakarta;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.ServletCalls;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A servlet in a class loader that holds the Servlet API while the agent's loader (here the test's)
 * does not: the Spring Boot fat jar case.
 */
class ServletJakartaTest {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private static Recorder recorder;
    private static Installation installation;
    private static URLClassLoader webapp;
    private static ServletCalls calls;

    @BeforeAll
    static void weave() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install("servlet-jakarta");
        webapp = TestLoaders.named("webapp").jar(Path.of(System.getProperty("weft.test.servlet.api"))).build();
        calls = new ServletCalls(webapp, "jakarta.servlet", 201);
    }

    @AfterAll
    static void unweave() throws Exception {
        installation.close();
        recorder.close();
        webapp.close();
    }

    @Test
    void theAgentsLoaderDoesNotSeeTheServletApi() {
        assertNull(ServletJakartaTest.class.getClassLoader().getResource("jakarta/servlet/Servlet.class"));
    }

    @Test
    void aRequestIsAServerSpanContinuingTheCallersTraceWithTheMappingAsRoute() throws Throwable {
        int before = recorder.serverSpans().size();
        assertEquals(201, calls.get("/shop", "/items", "/items/*", "/shop/items/kettle",
                Map.of("traceparent", TRACEPARENT)));

        List<RecordedSpan> spans = recorder.serverSpans();
        assertEquals(before + 1, spans.size(), spans.toString());
        RecordedSpan span = spans.get(before);
        assertEquals("GET", span.method());
        assertEquals("/shop/items/kettle", span.target());
        assertEquals("/shop/items/*", span.route(), "the mapping, not the URL");
        assertEquals(List.of(TRACEPARENT), span.incomingTraceparent());
        assertEquals(TRACE_ID, span.traceId());
        assertTrue(span.isEnded());
        assertEquals(201, span.status());
        assertNull(recorder.currentTrace(), "the server span is no longer current once the request is done");
    }

    @Test
    void withoutAServletMappingTheRouteIsTheServletPath() throws Throwable {
        int before = recorder.serverSpans().size();
        calls.get("", "/items", null, "/items/kettle", Map.of());
        RecordedSpan span = recorder.serverSpans().get(before);
        assertEquals("/items", span.route());
        assertEquals(List.of(), span.incomingTraceparent());
    }

    @Test
    void theContainersServletClassIsWovenInTheWebappLoaderAndTheAdviceIsNeverLoaded() throws Throwable {
        calls.get("", "/items", "/items/*", "/items/kettle", Map.of());
        InstrumentationStatus status = installation.status("servlet-jakarta");
        assertEquals("servlet", status.group());
        assertTrue(status.enabled());
        assertEquals(List.of("jakarta.servlet.http.HttpServlet"), status.wovenTypes());
        assertEquals(List.of(), status.skipped());
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.servlet.jakarta.RequestAdvice"));
    }
}
