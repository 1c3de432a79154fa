package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Work handed to virtual threads, thread-per-task executors and structured task scopes (Java 21 and
 * later; the service runs on JDK 25, the scope with preview features on) continues the trace of the
 * code that forked it, out to the peer it calls; and a virtual thread keeps no trace once its task
 * is done. Runs in the JDK 25 execution only (excluded from the build JDK's run).
 */
class VirtualThreadsIT {

    private static final Path JAR = Paths.get(System.getProperty("weft.vthreads.jar"));
    private static final String JAVA_25 = System.getProperty("weft.it.jdk25.java");
    private static final List<String> HAND_OVERS = List.of("start", "unstarted", "startVirtualThread", "factory",
            "per-task", "per-task-platform", "scope");
    private static final Pattern TRACEPARENT = Pattern.compile("traceparent=00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]");

    /** What the peer received for one hop: the trace id and parent span id of its {@code traceparent}. */
    private record Received(String via, String body, String traceId, String parentId) {
        static Received of(String via, String body) {
            Matcher m = TRACEPARENT.matcher(body);
            assertTrue(m.find(), "the peer received a traceparent: " + body);
            return new Received(via, body, m.group(1), m.group(2));
        }
    }

    @Test
    void theForkingSpanIsTheParentOfTheChildsCallAndNoTraceStaysBehind(@TempDir Path dir) throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: fork
                    class: acme.vthreads.Forker
                    methods: [fork]
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        // One carrier thread: every virtual thread runs on the carrier the traced ones ran on.
        List<String> command = List.of(JAVA_25, "-javaagent:" + AppProcess.AGENT_JAR + "=config=" + config + ",port=0",
                "--enable-preview", "-Djdk.virtualThreadScheduler.parallelism=1", "-jar", JAR.toString(), "0");
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.command(command).awaitAppAndAgent()) {
            List<Received> traced = new ArrayList<>();
            List<Received> detached = new ArrayList<>();
            List<Received> background = new ArrayList<>();
            for (String via : HAND_OVERS) {
                traced.add(hop(app, via, "traced"));
                detached.add(hop(app, via, "detached"));
                background.add(hop(app, via, "background"));
            }
            for (Received hop : traced) {
                boolean platform = hop.via().equals("per-task-platform");
                assertTrue(hop.body().startsWith(hop.via() + " on " + (platform ? "platform hop-platform-" : "virtual ")),
                        "the call ran on a new thread of its kind: " + hop.body());
            }
            // Each hop: the request's SERVER span, the CLIENT call, the peer's SERVER span (and the fork span).
            int expected = 3 * (3 * HAND_OVERS.size()) + HAND_OVERS.size();
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans().size() >= expected);
            List<OtlpReceiver.Span> all = receiver.spans();
            List<OtlpReceiver.Span> forks = receiver.spans("Forker.fork");
            assertEquals(HAND_OVERS.size(), forks.size());

            for (Received hop : traced) {
                OtlpReceiver.Span fork = only(forks.stream().filter(s -> s.traceId().equals(hop.traceId())).toList(),
                        "the fork span of the trace the peer saw, for " + hop.via());
                OtlpReceiver.Span client = clientCall(all, hop);
                assertEquals(fork.spanId(), client.parentSpanId(), "the child's call is a child of the forking span: " + hop);
            }
            Set<String> tracedTraces = traced.stream().map(Received::traceId).collect(Collectors.toSet());
            assertEquals(HAND_OVERS.size(), tracedTraces.size(), "one trace per request");
            for (Received hop : detached) {
                OtlpReceiver.Span client = clientCall(all, hop);
                OtlpReceiver.Span parent = only(all.stream().filter(s -> s.spanId().equals(client.parentSpanId())).toList(),
                        "the parent of the detached call " + hop);
                assertEquals("SPAN_KIND_SERVER", parent.kind(), "no traced method forked it: its own request's span");
                assertFalse(tracedTraces.contains(hop.traceId()), "no earlier trace: " + hop);
            }
            for (Received hop : background) {
                OtlpReceiver.Span client = clientCall(all, hop);
                assertTrue(client.isRoot(), "forked outside any trace, on the carrier earlier traces ran on: a trace "
                        + "of its own, " + client);
                assertFalse(tracedTraces.contains(hop.traceId()), "no earlier trace: " + hop);
            }
            assertEquals(List.of(), app.stderrLinesWith("could not instrument"), "every JDK class took its advice");
            ReliabilityLog.row("Runtime", "a call to a peer over HTTP from a virtual thread (Thread.ofVirtual start and "
                            + "unstarted, startVirtualThread, a Thread.Builder factory, newVirtualThreadPerTaskExecutor), "
                            + "a thread-per-task executor's platform thread and a StructuredTaskScope subtask, forked "
                            + "inside a traced method, from an untraced one, and from a thread outside any trace, on one "
                            + "carrier thread",
                    "the peer got a traceparent of the forking trace; the untraced forks got their request's or none",
                    "carried the context from the thread's start to its task; scheduling the continuation (start, "
                            + "every unpark) carried none, so the carrier never held a trace",
                    HAND_OVERS.size() + " hand-overs × 3, each traced call a child of the forking span, "
                            + "each untraced one outside every earlier trace");
        }
    }

    private static Received hop(AppProcess app, String via, String from) throws Exception {
        var response = app.app("/hop?via=" + via + "&from=" + from);
        assertEquals(200, response.statusCode(), via + " from " + from + ": " + response.body());
        return Received.of(via, response.body().trim());
    }

    /** The CLIENT span whose id the peer received as its parent, in the trace the peer received. */
    private static OtlpReceiver.Span clientCall(List<OtlpReceiver.Span> all, Received hop) {
        OtlpReceiver.Span client = only(all.stream().filter(s -> s.spanId().equals(hop.parentId())).toList(),
                "the span the peer got as its parent, for " + hop);
        assertEquals("SPAN_KIND_CLIENT", client.kind(), hop.toString());
        assertEquals(hop.traceId(), client.traceId(), hop.toString());
        return client;
    }

    private static OtlpReceiver.Span only(List<OtlpReceiver.Span> spans, String what) {
        assertEquals(1, spans.size(), what + ": " + spans);
        return spans.get(0);
    }
}
