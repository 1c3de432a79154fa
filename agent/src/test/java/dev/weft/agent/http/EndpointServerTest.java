package dev.weft.agent.http;

import dev.weft.agent.config.BearerToken;
import dev.weft.agent.metrics.MetricRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The route table behind the JDK server: what goes over the wire. */
class EndpointServerTest {

    private final FakeAgent agent = new FakeAgent();
    private final EndpointServer server;
    private final HttpClient client = HttpClient.newHttpClient();

    EndpointServerTest() throws IOException {
        server = EndpointServer.start("127.0.0.1", 0, null, new MetricRegistry(), agent);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private HttpResponse<String> send(String method, String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void headGetsTheHeadersOfGetAndNoBody() throws Exception {
        HttpResponse<String> get = send("GET", "/version", null);
        HttpResponse<String> head = send("HEAD", "/version", null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(get.headers().firstValue("Content-Type"), head.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("close"), head.headers().firstValue("Connection"));
        assertTrue(get.body().startsWith("{\"agent\":\"1.2.3\""), get.body());
    }

    @Test
    void refusalsCarryTheirHeaders() throws Exception {
        HttpResponse<String> wrongMethod = send("DELETE", "/metrics", null);
        assertEquals(405, wrongMethod.statusCode());
        assertEquals(Optional.of("GET, HEAD"), wrongMethod.headers().firstValue("Allow"));
        assertEquals("/metrics answers GET and HEAD only\n", wrongMethod.body());

        agent.auth = new BearerToken("test", "s3cret");
        HttpResponse<String> anonymous = send("GET", "/metrics", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals(Optional.of("Bearer realm=\"weft\""), anonymous.headers().firstValue("WWW-Authenticate"));
        HttpResponse<String> scrape = send("GET", "/metrics", "Bearer s3cret");
        assertEquals(200, scrape.statusCode());
        assertTrue(scrape.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"),
                scrape.headers().toString());
        assertEquals(200, send("GET", "/health", null).statusCode());
        assertEquals(404, send("GET", "/nope", "Bearer s3cret").statusCode());
    }

    @Test
    void aGetWithABodyIsRefusedBeforeAnyRoute() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.address().getPort() + "/nope"))
                .method("GET", HttpRequest.BodyPublishers.ofString("body")).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(400, response.statusCode());
        assertEquals("a GET request carries no body\n", response.body());
    }
}
