package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace follows work handed to other threads, however it is handed over. */
class ContextPropagationIT {

    private static final List<String> HAND_OVERS = List.of("submit", "execute", "schedule", "forkjoin", "async", "thread");

    @Test
    void workHandedToAnotherThreadIsAChildOfTheSpanThatHandedItOver(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: dispatch
                    class: acme.orders.Dispatcher
                    methods: [dispatch]
                    trace: true
                  - name: work
                    class: acme.orders.HopWork
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.withAgent("config=" + config + ",port=0").awaitAppAndAgent()) {
            for (String via : HAND_OVERS) {
                var response = app.app("/hop?via=" + via);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().startsWith("worked via " + via), response.body());
            }
            // Work handed over from a method no selector traces: no parent, and no trace left over in
            // the pool threads that traced hand-overs started.
            for (String via : HAND_OVERS) {
                assertEquals(200, app.app("/hop?via=" + via + "&from=detached").statusCode());
            }
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    receiver.spans("HopWork.work").size() == 2 * HAND_OVERS.size());

            List<OtlpReceiver.Span> dispatches = receiver.spans("Dispatcher.dispatch");
            List<OtlpReceiver.Span> works = receiver.spans("HopWork.work");
            assertEquals(HAND_OVERS.size(), dispatches.size());
            int children = 0;
            for (OtlpReceiver.Span work : works) {
                if (work.parentSpanId() == null) {
                    continue;
                }
                OtlpReceiver.Span parent = dispatches.stream().filter(d -> d.spanId().equals(work.parentSpanId()))
                        .findFirst().orElseThrow(() -> new AssertionError("a work span with a parent that is no dispatch: " + work));
                assertEquals(parent.traceId(), work.traceId());
                children++;
            }
            assertEquals(HAND_OVERS.size(), children, "each traced hand-over's work is its child: " + works);
            assertEquals(HAND_OVERS.size(), works.stream().filter(w -> w.parentSpanId() == null).count(),
                    "each untraced hand-over's work is a root of its own");
            for (OtlpReceiver.Span dispatch : dispatches) {
                assertNull(dispatch.parentSpanId());
            }
            assertEquals(List.of(), app.stderrLinesWith("could not instrument"), "every JDK class took its advice");
        }
    }
}
