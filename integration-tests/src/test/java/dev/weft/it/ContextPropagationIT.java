package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The trace follows work handed to other threads, however it is handed over. */
class ContextPropagationIT {

    private static final List<String> HAND_OVERS = List.of("submit", "execute", "hooks", "schedule", "forkjoin", "async",
            "thread", "fork", "invoke", "parallel", "timer", "async-own", "stage-own");
    /** Where each of these hand-overs must have run: not on the request's own thread. */
    private static final Map<String, String> RAN_ON = Map.of("fork", "ForkJoinPool.commonPool-worker",
            "invoke", "ForkJoinPool-", "parallel", "ForkJoinPool.commonPool-worker", "timer", "hop-timer",
            "async-own", "own-executor", "stage-own", "own-executor");

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
            String hooks = null;
            for (String via : HAND_OVERS) {
                var response = app.app("/hop?via=" + via);
                assertEquals(200, response.statusCode(), response.body());
                assertTrue(response.body().startsWith("worked via " + via), response.body());
                hooks = via.equals("hooks") ? response.body().trim() : hooks;
                if (RAN_ON.containsKey(via)) {
                    assertTrue(response.body().contains(" on " + RAN_ON.get(via)), response.body());
                }
            }
            // Inside the trace, the pool's own hook still gets the application's FutureTask.
            assertTrue(hooks.endsWith("afterExecute saw its Future, done"), hooks);
            // Work handed over from a method no selector traces.
            for (String via : HAND_OVERS) {
                assertEquals(200, app.app("/hop?via=" + via + "&from=detached").statusCode());
            }
            // Every request's SERVER span ends last: once all are in, every span is.
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    receiver.spans("HopWork.work").size() == 2 * HAND_OVERS.size()
                            && receiver.spans().stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER")).count()
                            == 2L * HAND_OVERS.size());

            List<OtlpReceiver.Span> all = receiver.spans();
            List<OtlpReceiver.Span> dispatches = receiver.spans("Dispatcher.dispatch");
            assertEquals(HAND_OVERS.size(), dispatches.size());
            int underDispatch = 0;
            int underRequest = 0;
            for (OtlpReceiver.Span work : receiver.spans("HopWork.work")) {
                OtlpReceiver.Span parent = all.stream().filter(s -> s.spanId().equals(work.parentSpanId())).findFirst()
                        .orElseThrow(() -> new AssertionError("work on another thread lost its parent: " + work));
                assertEquals(parent.traceId(), work.traceId());
                boolean tracedHandOver = dispatches.stream().anyMatch(d -> d.traceId().equals(work.traceId()));
                if (tracedHandOver) {
                    assertEquals("Dispatcher.dispatch", parent.name(), "the span that handed the work over: " + work);
                    underDispatch++;
                } else {
                    // No traced method handed it over: it belongs to its own request, never to a
                    // trace left behind in a pool thread that an earlier request started.
                    assertEquals("SPAN_KIND_SERVER", parent.kind(), "its own request: " + work);
                    underRequest++;
                }
            }
            assertEquals(HAND_OVERS.size(), underDispatch);
            assertEquals(HAND_OVERS.size(), underRequest);
            assertEquals(List.of(), app.stderrLinesWith("could not instrument"), "every JDK class took its advice");
            ReliabilityLog.row("Runtime", "a FutureTask handed to a ThreadPoolExecutor inside a trace, the pool's "
                            + "afterExecute looking at it as a Future (as services do to log failed tasks)",
                    "afterExecute got the application's own FutureTask, done: `" + hooks + "`",
                    "kept the trace beside the task instead of wrapping it; the task ran in the caller's trace",
                    "hand-overs " + HAND_OVERS.size() + " × 2, every one a child of the span that handed it over");
            ReliabilityLog.row("Runtime", "work handed over by ForkJoinTask.fork from a request thread, ForkJoinPool.invoke, "
                            + "a parallel stream, a one-shot Timer task, CompletableFuture.supplyAsync on the service's own "
                            + "Executor, and a thenApplyAsync stage whose source that executor's untraced thread completed",
                    "each ran on another thread (a pool worker, the timer's thread, the service's own thread)",
                    "kept the context beside the fork-join task, the timer task and the stage (the JDK's own objects "
                            + "stay themselves), made it current around their runs",
                    "6 hand-overs × 2, each span a child of the span that forked, scheduled or asked for the stage");
        }
    }
}
