package dev.weft.instrumentation.testing;

import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a servlet instrumentation must do, for the javax and the jakarta module alike: a servlet in a
 * class loader that holds the Servlet API while the agent's loader (here the test's) does not — the
 * Spring Boot fat jar case. The API jar is named by the system property {@code weft.test.servlet.api}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ServletContract {

    private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";
    private static final String TRACEPARENT = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    private final String instrumentation;
    private final String api;
    private final String advicePackage;
    private Recorder recorder;
    private Installation installation;
    private URLClassLoader webapp;
    private ServletCalls calls;

    /**
     * @param instrumentation the instrumentation's name, e.g. {@code servlet-jakarta}
     * @param api             the Servlet API's package, e.g. {@code jakarta.servlet}
     * @param advicePackage   the package of the instrumentation's advice
     */
    protected ServletContract(String instrumentation, String api, String advicePackage) {
        this.instrumentation = instrumentation;
        this.api = api;
        this.advicePackage = advicePackage;
    }

    @BeforeAll
    void weave() throws Exception {
        recorder = Recorder.install();
        installation = TestAgent.install(instrumentation);
        webapp = TestLoaders.named("webapp").jar(Path.of(System.getProperty("weft.test.servlet.api"))).build();
        calls = new ServletCalls(webapp, api, 201);
    }

    @AfterAll
    void unweave() throws Exception {
        installation.close();
        recorder.close();
        webapp.close();
    }

    @Test
    void theAgentsLoaderDoesNotSeeTheServletApi() {
        assertNull(getClass().getClassLoader().getResource(api.replace('.', '/') + "/Servlet.class"));
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
    void beforeServlet40TheRouteIsTheServletPathAndTheMappingIsNeverAskedFor() throws Throwable {
        int before = recorder.serverSpans().size();
        int asked = calls.mappingCalls();
        calls.get("", "/items", null, "/items/kettle", Map.of());
        assertEquals(asked, calls.mappingCalls(), "no NoSuchMethodError thrown and caught on every request");
        RecordedSpan span = recorder.serverSpans().get(before);
        assertEquals("/items", span.route());
        assertEquals(List.of(), span.incomingTraceparent());
    }

    @Test
    void theContainersServletClassIsWovenInTheWebappLoaderAndTheAdviceIsNeverLoaded() throws Throwable {
        calls.get("", "/items", "/items/*", "/items/kettle", Map.of());
        InstrumentationStatus status = installation.status(instrumentation);
        assertEquals("servlet", status.group());
        assertTrue(status.enabled());
        assertEquals(List.of(api + ".http.HttpServlet"), status.wovenTypes());
        assertEquals(List.of(), status.skipped());
        assertEquals(List.of(), installation.warnings());
        assertFalse(TestAgent.isLoaded(advicePackage + ".RequestAdvice"));
    }
}
