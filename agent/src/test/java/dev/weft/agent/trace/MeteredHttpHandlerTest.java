package dev.weft.agent.trace;

import dev.weft.agent.metrics.MetricSnapshot;
import dev.weft.bootstrap.HttpSpanHandler;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** HTTP metrics with nothing traced: what the histograms' series are called and how they are bounded. */
class MeteredHttpHandlerTest {

    private final HttpMetrics metrics = new HttpMetrics(List.of(0.1, 1.0));
    private final MeteredHttpHandler handler = new MeteredHttpHandler(metrics);

    @Test
    void aClientCallIsObservedByMethodHostPortStatusAndErrorType() {
        HttpSpanHandler.ClientSpan ok = handler.clientStart("GET", "https://user:secret@api.example.com/a?token=x");
        assertNull(ok.header("traceparent"), "nothing traced: the request goes out as the application built it");
        ok.end(200, null);
        handler.clientStart("PATCH", "http://127.0.0.1:8081/b").end(503, null);
        handler.clientStart("BREW", "http://127.0.0.1:8081/b").end(0, new ConnectException("refused"));

        assertEquals(List.of(
                        "GET|api.example.com|443|200|",
                        "PATCH|127.0.0.1|8081|503|503",
                        "_OTHER|127.0.0.1|8081||java.net.ConnectException"),
                series(HttpMetrics.CLIENT).stream().map(p -> String.join("|", p.labels().values())).toList());
        assertEquals(List.of("http_request_method", "server_address", "server_port", "http_response_status_code",
                "error_type"), series(HttpMetrics.CLIENT).get(0).labels().names());
    }

    @Test
    void aServerInsideAServerOnTheSameThreadIsOneRequest() {
        HttpSpanHandler.ServerSpan outer = handler.serverStart("GET", "/owners/7", "/", List.of(), List.of());
        assertNull(handler.serverStart("GET", "/owners/7", "/", List.of(), List.of()));
        outer.route("/owners/{ownerId}");
        outer.end(200, null);
        handler.serverStart("POST", "/owners", "/", List.of(), List.of()).end(0, new IllegalStateException());

        assertEquals(List.of("GET|/owners/{ownerId}|200", "POST|/|500"),
                series(HttpMetrics.SERVER).stream().map(p -> String.join("|", p.labels().values())).toList());
    }

    @Test
    void aRequestEndedOnAnotherThreadFreesItsOwn() throws Exception {
        HttpSpanHandler.ServerSpan async = handler.serverStart("GET", "/a", "/a", List.of(), List.of());
        Thread ender = new Thread(() -> async.end(200, null));
        ender.start();
        ender.join();
        HttpSpanHandler.ServerSpan next = handler.serverStart("GET", "/b", "/b", List.of(), List.of());
        next.end(200, null);
        assertEquals(2, series(HttpMetrics.SERVER).size());
    }

    @Test
    void clientSeriesAreCappedByHost() {
        for (int i = 0; i < HttpMetrics.MAX_SERIES + 5; i++) {
            handler.clientStart("GET", "http://host" + i + ".example/").end(200, null);
        }
        List<MetricSnapshot.HistogramPoint> points = series(HttpMetrics.CLIENT);
        assertEquals(HttpMetrics.MAX_SERIES + 1, points.size());
        assertEquals(5, points.stream().filter(p -> p.labels().values().get(1).equals(HttpMetrics.OTHER))
                .findFirst().orElseThrow().count());
    }

    private List<MetricSnapshot.HistogramPoint> series(String name) {
        return metrics.collect().stream().filter(m -> ((MetricSnapshot.Histogram) m).name().equals(name))
                .map(m -> ((MetricSnapshot.Histogram) m).points()).findFirst().orElse(List.of());
    }
}
