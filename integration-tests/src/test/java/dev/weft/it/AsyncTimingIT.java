package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A method that returns work still running (a CompletableFuture, a Mono, a Flux) is timed,
 * counted, traced and its errors taken when that work ends, on whichever thread it ends; with
 * {@code async: false}, from entry to return as before.
 */
class AsyncTimingIT {

    private static final String[] SHIP = {"selector", "fulfilment", "class", "acme.orders.fulfil.Fulfilment",
            "method", "ship"};
    private static final String[] RESERVE = {"selector", "fulfilment", "class", "acme.orders.fulfil.Fulfilment",
            "method", "reserve"};
    private static final String[] STOCK = {"selector", "fulfilment", "class", "acme.orders.fulfil.Fulfilment",
            "method", "stock"};

    @Test
    void futuresMonosAndFluxesEndWhenTheirWorkEnds(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                service:
                  name: orders-async
                instrument:
                  - name: fulfilment
                    class: acme.orders.fulfil.Fulfilment
                    record: [timer, errors, inflight]
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals("shipped after 200 ms", app.app("/fulfil/ship?ms=200").body().trim());
            assertEquals("failed: java.lang.IllegalStateException: carrier lost the parcel",
                    app.app("/fulfil/ship?ms=200&fail=true").body().trim());
            assertEquals("reserved pen", app.app("/fulfil/reserve?item=pen").body().trim());
            assertEquals("failed: java.lang.IllegalArgumentException: out of ink",
                    app.app("/fulfil/reserve?item=ink&fail=true").body().trim());
            assertEquals("[0, 1, 2]", app.app("/fulfil/stock?take=3").body().trim());

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(2, scrape.value("weft_method_duration_seconds_count", SHIP));
            assertTrue(scrape.value("weft_method_duration_seconds_sum", SHIP) >= 0.4,
                    "each future took its 200 ms on the carrier thread:\n" + scrape.text());
            assertEquals(1, scrape.value("weft_method_errors_total", with(SHIP, "exception", "java.lang.IllegalStateException")),
                    "the failure's own class");
            assertEquals(2, scrape.value("weft_method_duration_seconds_count", RESERVE));
            assertTrue(scrape.value("weft_method_duration_seconds_sum", RESERVE) >= 0.1, "each Mono ran 50 ms");
            assertEquals(1, scrape.value("weft_method_errors_total", with(RESERVE, "exception",
                    "java.lang.IllegalArgumentException")));
            assertEquals(1, scrape.value("weft_method_duration_seconds_count", STOCK));
            assertEquals(1, scrape.value("weft_method_errors_total", with(STOCK, "exception", "cancelled")),
                    "the endless feed was cancelled after three");
            for (String[] method : List.of(SHIP, RESERVE, STOCK)) {
                assertEquals(0, scrape.value("weft_method_inflight", method));
            }

            // The five requests' SERVER spans end after their answers: the parents checked below.
            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("Fulfilment.ship").size() == 2
                    && receiver.spans("Fulfilment.reserve").size() == 2 && receiver.spans("Fulfilment.stock").size() == 1
                    && receiver.spans().stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER")).count() == 5);
            for (OtlpReceiver.Span ship : receiver.spans("Fulfilment.ship")) {
                assertTrue(ship.millis() >= 200, "the span ends with its future: " + ship.millis() + " ms");
            }
            assertEquals(1, receiver.spans("Fulfilment.ship").stream().filter(OtlpReceiver.Span::isError).count());
            assertEquals(1, receiver.spans("Fulfilment.reserve").stream().filter(OtlpReceiver.Span::isError).count());
            assertTrue(receiver.spans("Fulfilment.stock").stream().noneMatch(OtlpReceiver.Span::isError),
                    "a cancelled feed is no failure");
            // every span is its request's child, and the request's thread was given back its context
            for (OtlpReceiver.Span span : receiver.spans()) {
                if (span.name().startsWith("Fulfilment.")) {
                    OtlpReceiver.Span parent = receiver.spans().stream().filter(s -> s.spanId().equals(span.parentSpanId()))
                            .findFirst().orElseThrow(() -> new AssertionError("no parent: " + span));
                    assertEquals("SPAN_KIND_SERVER", parent.kind(), span.toString());
                }
            }
            ReliabilityLog.row("Runtime", "a selected method returning a CompletableFuture completed 200 ms later on "
                            + "another thread, a Mono that fails, a Flux its caller cancels after three items",
                    "the same values and failures as without Weft",
                    "timed, counted and traced each call until its work ended; counted the failure's own class and "
                            + "the cancellation as cancelled",
                    "ship: 2 calls, " + String.format("%.3f", scrape.value("weft_method_duration_seconds_sum", SHIP))
                            + " s in all");
        }
    }

    @Test
    void asyncFalseTimesFromEntryToReturn(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: fulfilment
                    class: acme.orders.fulfil.Fulfilment
                    methods: [ship]
                    async: false
                """);
        try (AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals("shipped after 200 ms", app.app("/fulfil/ship?ms=200").body().trim());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(1, scrape.value("weft_method_duration_seconds_count", SHIP));
            assertTrue(scrape.value("weft_method_duration_seconds_sum", SHIP) < 0.2,
                    "returned before its future completed:\n" + scrape.text());
        }
    }

    @Test
    void aSuspendFunctionIsTimedUntilItReturnsForGoodNotToItsFirstSuspension(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                service:
                  name: coroutines-async
                instrument:
                  - name: work
                    class: acme.coroutines.SuspendWork
                    record: [timer, errors, inflight]
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        String[] twice = {"selector", "work", "class", "acme.coroutines.SuspendWork", "method", "twice"};
        String[] failing = {"selector", "work", "class", "acme.coroutines.SuspendWork", "method", "failing"};
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.jarWithAgent(Paths.get(System.getProperty("weft.coroutines.jar")),
                     "config=" + config + ",port=0").awaitAppAndAgent()) {
            for (int i = 0; i < 3; i++) {
                assertEquals("twice", app.app("/suspend/twice").body().trim());
            }
            var failed = app.app("/suspend/fail");
            assertEquals(500, failed.statusCode());
            assertEquals("failed: failing after a suspension", failed.body().trim());

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(3, scrape.value("weft_method_duration_seconds_count", twice),
                    "one call each, however often it was resumed:\n" + scrape.text());
            assertTrue(scrape.value("weft_method_duration_seconds_sum", twice) >= 0.6, "both suspensions, each call");
            assertEquals(1, scrape.value("weft_method_duration_seconds_count", failing));
            assertTrue(scrape.value("weft_method_duration_seconds_sum", failing) >= 0.1);
            assertEquals(1, scrape.value("weft_method_errors_total", with(failing, "exception",
                    "java.lang.IllegalStateException")), "thrown after it resumed");
            assertEquals(0, scrape.value("weft_method_inflight", twice));
            assertEquals(0, scrape.value("weft_method_inflight", failing));

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.spans("SuspendWork.twice").size() == 3
                    && receiver.spans("SuspendWork.failing").size() == 1);
            for (OtlpReceiver.Span span : receiver.spans("SuspendWork.twice")) {
                assertTrue(span.millis() >= 200, "the span ends when the function does: " + span.millis() + " ms");
            }
            assertTrue(receiver.spans("SuspendWork.failing").get(0).isError());
        }
    }

    private static String[] with(String[] labels, String key, String value) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = key;
        all[labels.length + 1] = value;
        return all;
    }
}
