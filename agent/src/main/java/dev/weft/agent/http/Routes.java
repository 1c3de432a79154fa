package dev.weft.agent.http;

import com.sun.net.httpserver.Headers;
import dev.weft.agent.config.EndpointAuth;
import dev.weft.agent.http.view.HealthView;
import dev.weft.agent.http.view.Refusal;
import dev.weft.agent.metrics.PrometheusCollector;
import io.prometheus.client.exporter.common.TextFormat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * The endpoint's paths, one {@link Route} each, and the checks every request passes before its
 * route answers: 405 for a method the route does not answer, then 401 when credentials are
 * configured and the route asks for them. A path without a route is treated as a read that asks
 * for credentials and answers 404, so that without credentials no path can be told from another.
 */
final class Routes {

    static final List<String> READ = List.of("GET", "HEAD");
    static final List<String> WRITE = List.of("POST");

    private static final Route NOT_FOUND = new Route("", READ, true, request -> Reply.text(404, "not found\n"));
    private static final Refusal RELOAD_FORBIDDEN = new Refusal("forbidden", "POST /reload is accepted only when "
            + "exporters.prometheus.auth is configured; Weft also reloads its config file by itself when the file changes");

    private final Map<String, Route> byPath = new LinkedHashMap<>();

    Routes(List<Route> routes) {
        for (Route route : routes) {
            if (byPath.put(route.path(), route) != null) {
                throw new IllegalArgumentException("two routes for " + route.path());
            }
        }
    }

    /** Weft's endpoint. */
    static Routes of(AgentEndpoints agent, PrometheusCollector collector) {
        return new Routes(List.of(
                new Route("/metrics", READ, true, request -> metrics(collector, request.headers())),
                new Route("/metrics/json", READ, true, request -> Reply.json(200, agent.metricsJson())),
                new Route("/health", READ, false, request -> health(agent.health())),
                new Route("/ready", READ, true, request -> ready(agent.ready())),
                new Route("/slos", READ, true, request -> Reply.json(200, agent.slos())),
                new Route("/selectors", READ, true, request -> Reply.json(200, agent.selectors())),
                new Route("/instrumentations", READ, true, request -> Reply.json(200, agent.instrumentations())),
                new Route("/version", READ, true, request -> Reply.json(200, agent.version())),
                new Route("/traces/continuity", READ, true, request -> Reply.json(200, agent.continuity())),
                // Changing what is measured is not for anyone who can reach the port.
                new Route("/reload", WRITE, true,
                        request -> request.auth() == null ? Reply.json(403, RELOAD_FORBIDDEN) : agent.reload()),
                new Route("/", READ, true, request -> Reply.html(agent.statusPage().html()))));
    }

    /** The route's answer to the request, or why it gets none. */
    Reply answer(String method, String path, Headers headers, EndpointAuth auth) throws IOException {
        Route route = byPath.getOrDefault(path, NOT_FOUND);
        if (!route.methods().contains(method)) {
            return Reply.text(405, path + " answers " + String.join(" and ", route.methods()) + " only\n")
                    .withHeader("Allow", String.join(", ", route.methods()));
        }
        if (auth != null && route.authenticated() && !auth.accepts(headers.getFirst("Authorization"))) {
            return Reply.text(401, "this endpoint needs credentials (Authorization header)\n")
                    .withHeader("WWW-Authenticate", auth.challenge());
        }
        return route.handler().answer(new Route.Request(headers, auth));
    }

    private static Reply health(HealthView health) {
        return Reply.json(health.httpStatus(), health);
    }

    private static Reply ready(boolean ready) {
        return Reply.json(ready ? 200 : 503,
                json -> json.beginObject().name("status").value(ready ? "READY" : "STARTING").endObject());
    }

    /** The registry in the format the scraper asks for, gzipped when it accepts that. */
    private static Reply metrics(PrometheusCollector collector, Headers headers) throws IOException {
        String contentType = TextFormat.chooseContentType(headers.getFirst("Accept"));
        ByteArrayOutputStream body = new ByteArrayOutputStream(16 * 1024);
        boolean gzip = acceptsGzip(headers.get("Accept-Encoding"));
        try (OutputStream out = gzip ? new GZIPOutputStream(body) : body;
             Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8)) {
            TextFormat.writeFormat(contentType, writer, Collections.enumeration(collector.collect()));
        }
        Reply reply = new Reply(200, contentType, body.toByteArray(), Map.of());
        return gzip ? reply.withHeader("Content-Encoding", "gzip") : reply;
    }

    private static boolean acceptsGzip(List<String> acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String value : acceptEncoding) {
            if (value.toLowerCase(Locale.ROOT).contains("gzip")) {
                return true;
            }
        }
        return false;
    }
}
