package dev.weft.agent.http;

import com.sun.net.httpserver.Headers;
import dev.weft.agent.config.BearerToken;
import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.metrics.MetricRegistry;
import dev.weft.agent.metrics.PrometheusCollector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The endpoint's route table and the checks before a route answers: 404, 405, 401 and 403. */
class RoutesTest {

    private static final String JSON = "application/json; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final EndpointAuth TOKEN = new BearerToken("test", "s3cret");
    /** Every path that asks for credentials when they are configured; {@code /nope} has no route. */
    private static final List<String> GUARDED_READS = List.of("/metrics", "/metrics/json", "/ready", "/slos",
            "/selectors", "/instrumentations", "/version", "/traces/continuity", "/", "/nope");

    private final FakeAgent agent = new FakeAgent();
    private final Routes routes = Routes.of(agent, new PrometheusCollector(new MetricRegistry()));

    private Reply answer(String method, String path, EndpointAuth auth, String authorization) throws IOException {
        Headers headers = new Headers();
        if (authorization != null) {
            headers.set("Authorization", authorization);
        }
        return routes.answer(method, path, headers, auth);
    }

    private static void assertReply(int status, String contentType, String body, Reply reply) {
        assertEquals(status, reply.status(), reply.bodyText());
        assertEquals(contentType, reply.contentType());
        assertEquals(body, reply.bodyText());
    }

    @Test
    void anOpenEndpointAnswersWithoutCredentials() throws IOException {
        assertReply(200, JSON, "{\"agent\":\"1.2.3\",\"java\":\"17.0.1\",\"javaVendor\":\"Acme\",\"javaRuntime\":"
                + "\"OpenJDK Runtime Environment\",\"service\":\"shop\"}", answer("GET", "/version", null, null));
        assertEquals("{\"slos\":[]}", answer("GET", "/slos", null, null).bodyText());
        assertReply(200, JSON, "{\"tracing\":true,\"entries\":[{\"kind\":\"http_server\",\"name\":\"/a\",\"continued\":1,"
                + "\"new\":2,\"verdict\":\"partial\"}],\"exits\":[]}", answer("GET", "/traces/continuity", null, null));
        assertEquals(200, answer("GET", "/metrics", null, null).status());
        assertEquals(Map.of(), answer("GET", "/metrics", null, null).headers());
    }

    @Test
    void withCredentialsConfiguredEveryRouteButHealthAsksForThem() throws IOException {
        for (String path : GUARDED_READS) {
            Reply refused = answer("GET", path, TOKEN, null);
            assertReply(401, TEXT, "this endpoint needs credentials (Authorization header)\n", refused);
            assertEquals(Map.of("WWW-Authenticate", "Bearer realm=\"weft\""), refused.headers(), path);
            assertEquals(401, answer("GET", path, TOKEN, "Bearer wrong").status(), path);
        }
        assertEquals(401, answer("POST", "/reload", TOKEN, null).status());
        assertEquals(0, agent.reloads);

        assertEquals(200, answer("GET", "/version", TOKEN, "Bearer s3cret").status());
        assertEquals(200, answer("GET", "/health", TOKEN, null).status(), "health stays open for probes");
        assertEquals(200, answer("POST", "/reload", TOKEN, "Bearer s3cret").status());
        assertEquals(1, agent.reloads);
    }

    @Test
    void aWrongMethodGets405WithTheMethodsTheRouteAnswers() throws IOException {
        for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS")) {
            Reply reply = answer(method, "/metrics", TOKEN, null);
            assertReply(405, TEXT, "/metrics answers GET and HEAD only\n", reply);
            assertEquals(Map.of("Allow", "GET, HEAD"), reply.headers());
        }
        Reply reload = answer("GET", "/reload", null, null);
        assertReply(405, TEXT, "/reload answers POST only\n", reload);
        assertEquals(Map.of("Allow", "POST"), reload.headers());
        assertEquals(405, answer("POST", "/health", null, null).status(), "before the credential check");
        assertEquals(405, answer("DELETE", "/nope", TOKEN, null).status(), "an unknown path is a read");
        assertEquals("/nope answers GET and HEAD only\n", answer("DELETE", "/nope", null, null).bodyText());
    }

    @Test
    void anUnknownPathIs404OnceItsCredentialsPass() throws IOException {
        assertReply(404, TEXT, "not found\n", answer("GET", "/nope", null, null));
        assertEquals(404, answer("GET", "/metrics/", null, null).status(), "paths match exactly");
        assertEquals(401, answer("GET", "/nope", TOKEN, null).status(), "no path can be told from another without them");
        assertEquals(404, answer("GET", "/nope", TOKEN, "Bearer s3cret").status());
    }

    @Test
    void headIsAnsweredWhereverGetIs() throws IOException {
        assertEquals(answer("GET", "/version", null, null).bodyText(), answer("HEAD", "/version", null, null).bodyText(),
                "the server leaves the body out");
        assertEquals(200, answer("HEAD", "/health", TOKEN, null).status());
        assertEquals(401, answer("HEAD", "/version", TOKEN, null).status());
        assertEquals(404, answer("HEAD", "/nope", null, null).status());
        assertEquals(405, answer("HEAD", "/reload", null, null).status());
    }

    @Test
    void reloadIsForbiddenWithoutConfiguredCredentials() throws IOException {
        assertReply(403, JSON, "{\"status\":\"forbidden\",\"summary\":\"POST /reload is accepted only when "
                + "exporters.prometheus.auth is configured; Weft also reloads its config file by itself when the file "
                + "changes\"}", answer("POST", "/reload", null, null));
        assertEquals(0, agent.reloads);
    }

    @Test
    void healthAndReadyCarryTheirOwnStatus() throws IOException {
        agent.ready = false;
        Reply health = answer("GET", "/health", null, null);
        assertEquals(503, health.status());
        assertTrue(health.bodyText().startsWith("{\"status\":\"down\",\"checks\":[{\"name\":\"weaving\",\"status\":\"down\""),
                health.bodyText());
        Reply ready = answer("GET", "/ready", null, null);
        assertEquals(503, ready.status());
        assertEquals("{\"status\":\"STARTING\"}", ready.bodyText());
        agent.ready = true;
        assertEquals("{\"status\":\"READY\"}", answer("GET", "/ready", null, null).bodyText());
    }

    @Test
    void aRouteIsOneEntryOfTheTable() throws IOException {
        Routes table = new Routes(List.of(
                new Route("/open", Routes.READ, false, request -> Reply.text(200, "open\n")),
                new Route("/write", Routes.WRITE, true, request -> Reply.text(202, "written\n"))));
        assertEquals("open\n", table.answer("GET", "/open", new Headers(), TOKEN).bodyText());
        assertEquals(401, table.answer("POST", "/write", new Headers(), TOKEN).status());
        assertEquals(202, table.answer("POST", "/write", new Headers(), null).status());
        assertEquals(404, table.answer("GET", "/metrics", new Headers(), null).status());
        assertThrows(IllegalArgumentException.class, () -> new Routes(List.of(
                new Route("/x", Routes.READ, false, request -> Reply.text(200, "")),
                new Route("/x", Routes.WRITE, false, request -> Reply.text(200, "")))));
    }
}
