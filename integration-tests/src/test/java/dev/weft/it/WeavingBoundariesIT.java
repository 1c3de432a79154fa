package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where weaving meets what it cannot or must not reach: a class loader that does not delegate
 * Weft's classes, a stack overflow through traced frames, a class whose signatures name an absent
 * type, and the JDK internals Weft itself uses. The edge-cases service answers as without Weft
 * each time; what Weft did is checked the way a user would see it.
 */
class WeavingBoundariesIT {

    private static final Path EDGE_JAR = Paths.get(System.getProperty("weft.edge.jar"));
    private static final Pattern NANOS_PER_CALL = Pattern.compile("ns/call=(\\d+)");

    @TempDir
    Path dir;

    @Test
    void aLoaderThatDoesNotDelegateWeftsClassesKeepsItsClassesUnwovenAndSaysSoOnce() throws Exception {
        String isolated = "/isolated?n=200000&jar=" + AppProcess.PLUGIN_JAR;
        String expected;
        try (AppProcess plain = AppProcess.jarWithoutAgent(EDGE_JAR).awaitApp()) {
            expected = plain.app(isolated).body().trim();
        }
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: plugin
                    class: "acme.plugin.*"
                    record: [timer, count]
                """);
        try (AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0").awaitAppAndAgent()) {
            String first = app.app(isolated).body().trim();
            String second = app.app(isolated).body().trim();
            assertEquals(answer(expected), answer(first));
            assertEquals(answer(expected), answer(second));
            // The same class in an ordinary loader is woven: the one weave error is the isolating loader's copy.
            assertEquals("loader collected=true", app.app("/loader?jar=" + AppProcess.PLUGIN_JAR).body().trim());
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(2, scrape.value("weft_weave_errors_total"),
                    "each isolating loader's copy counted as left unwoven; the delegating loader's copy woven");
            assertFalse(scrape.has("weft_method_calls_total", "class", "acme.plugin.Greeter"),
                    "nothing counted for the unwoven copy (the woven one's loader was dropped, and its series with it)");
            List<String> said = app.stderrLinesWith("not weaving selected classes in isolating");
            assertEquals(1, said.size(), String.join("\n", app.stderr()));
            assertTrue(said.get(0).contains("org.osgi.framework.bootdelegation")
                    && said.get(0).contains("jboss.modules.system.pkgs")
                    && said.get(0).contains("acme.plugin.Greeter"), said.get(0));
            ReliabilityLog.row("Weaving", "a class loader that, like OSGi or JBoss Modules, does not delegate "
                            + "dev.weft to its parents, loads a selected class (twice, 200,000 calls each)",
                    "same answers as without Weft; " + nanos(expected) + " ns per call without Weft, "
                            + nanos(second) + " with",
                    "left that loader's class unwoven, counted it in weft_weave_errors_total and said once which "
                            + "loader and which property to set; the same class in a delegating loader was woven",
                    "weave errors 2 (the 2 isolating loaders' copies; the delegating loader's was woven); warnings 1");
        }
    }

    @Test
    void aJBossModulesApplicationIsWovenThroughTheDelegationWeftAnnounces() throws Exception {
        Path module = Files.createDirectories(dir.resolve("modules/acme/edge/main"));
        Files.copy(EDGE_JAR, module.resolve("edge-cases.jar"));
        Files.writeString(module.resolve("module.xml"), """
                <module xmlns="urn:jboss:module:1.9" name="acme.edge">
                    <main-class name="acme.edge.EdgeCasesApp"/>
                    <resources>
                        <resource-root path="edge-cases.jar"/>
                    </resources>
                    <dependencies>
                        <module name="java.se"/>
                        <module name="jdk.httpserver"/>
                    </dependencies>
                </module>
                """);
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: points
                    class: "acme.edge.Point"
                    record: [count]
                """);
        List<String> launch = List.of("-jar", System.getProperty("weft.jboss.modules.jar"),
                "-mp", dir.resolve("modules").toString(), "acme.edge", "0");
        try (AppProcess app = AppProcess.commandWithAgent("config=" + config + ",port=0", launch).awaitAppAndAgent()) {
            assertTrue(app.app("/run?n=10").body().startsWith("run n=10 digest="));
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(10, scrape.value("weft_method_calls_total", "class", "acme.edge.Point", "method", "distanceSquared"),
                    "woven in the JBoss module's class loader: " + String.join("\n", app.stderr()));
            assertEquals(0, scrape.value("weft_weave_errors_total"));
            ReliabilityLog.row("Weaving", "the service runs as a JBoss Modules module (jboss-modules 2.1.6, "
                            + "java -jar jboss-modules.jar -mp ... acme.edge), whose loader delegates only the "
                            + "packages it is told to", "answers as without Weft",
                    "added dev.weft.bootstrap to jboss.modules.system.pkgs before the module system started: "
                            + "the module's classes were woven and counted", "calls 10; weave errors 0");
        }
    }

    @Test
    void aStackOverflowThroughTracedFramesLeavesNoSpanOpenAndRecordsItOnce() throws Exception {
        int overflows = 20;
        long plainMillis;
        try (AppProcess plain = AppProcess.jarWithoutAgent(EDGE_JAR).awaitApp()) {
            plainMillis = overflowMillis(plain, overflows);
        }
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: recursion
                    class: "acme.edge.Recursion"
                    record: [timer, count, errors, inflight]
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0", "-Xss512k")
                     .awaitAppAndAgent()) {
            long tracedMillis = overflowMillis(app, overflows);
            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_method_inflight", "method", "forever"), "every overflowed call left");
            assertEquals(0, scrape.value("weft_method_inflight", "method", "down"));
            assertEquals(overflows * 101, scrape.value("weft_method_calls_total", "method", "down"));

            // Later requests recurse normally: their spans nest under their own request's SERVER span,
            // never under a span an overflow left open. (The export queue may have dropped spans of
            // the overflows: a request is repeated until its spans come through.)
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                assertEquals("recurse 100", app.app("/recurse?n=100").body().trim());
                return outermostDowns(receiver.spans()).stream().anyMatch(s -> serverSpanIds(receiver.spans())
                        .contains(s.parentSpanId()));
            });
            List<OtlpReceiver.Span> spans = receiver.spans();
            Set<String> overflowSpans = spans.stream().filter(s -> s.name().endsWith("forever"))
                    .map(OtlpReceiver.Span::spanId).collect(Collectors.toSet());
            assertFalse(overflowSpans.isEmpty(), "the overflows were traced");
            for (OtlpReceiver.Span down : spans.stream().filter(s -> s.name().endsWith("down")).toList()) {
                assertFalse(overflowSpans.contains(down.parentSpanId()), "a later call nested under an overflow's span");
            }
            Map<String, Integer> exceptionsPerTrace = new HashMap<>();
            int errorSpans = 0;
            for (OtlpReceiver.Span span : spans) {
                if (span.isError()) {
                    errorSpans++;
                }
                for (Map<String, Object> event : span.events()) {
                    if ("exception".equals(event.get("name"))) {
                        exceptionsPerTrace.merge(span.traceId(), 1, Integer::sum);
                        String stack = String.valueOf(OtlpReceiver.map(event.get("attributes")).get("exception.stacktrace"));
                        long frames = stack.lines().filter(l -> l.startsWith("\tat ")).count();
                        assertTrue(frames <= 64, "a bounded stack trace, got " + frames + " frames");
                    }
                }
            }
            assertFalse(exceptionsPerTrace.isEmpty(), "the overflow is recorded");
            for (Map.Entry<String, Integer> entry : exceptionsPerTrace.entrySet()) {
                assertEquals(1, entry.getValue(), "recorded once in trace " + entry.getKey());
            }
            assertTrue(errorSpans > exceptionsPerTrace.size(), "every span it unwound through is marked failed");
            ReliabilityLog.row("Runtime", overflows + " stack overflows through a traced, timed, in-flight-counted "
                            + "recursion (-Xss512k), each followed by a normal traced recursion",
                    "every overflow caught by the application as without Weft; " + plainMillis / overflows
                            + " ms per request without Weft, " + tracedMillis / overflows + " ms traced",
                    "in-flight back to 0; later requests' spans nested under their own request, none under an "
                            + "overflow's span; the overflow recorded "
                            + "once per trace, with at most 64 frames, every span it unwound through marked failed",
                    "traces " + exceptionsPerTrace.size() + " with one exception event each; error spans " + errorSpans
                            + "; down calls " + overflows * 101);
        }
    }

    @Test
    void aThreadStartedInsideARequestLeavesItsTraceOnceThatRequestIsOver() throws Exception {
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: jobs
                    class: "acme.edge.Jobs"
                    trace: true
                exporters:
                  otlp:
                    endpoint: %s
                """.formatted(OtlpReceiver.HTTP_ENDPOINT));
        try (OtlpReceiver receiver = OtlpReceiver.start();
             AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0").awaitAppAndAgent()) {
            // The first request starts the worker and waits for its job: the job is part of that request.
            assertEquals("job 1 done on lazy-worker", app.app("/worker?n=1").body().trim());
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans().stream()
                    .anyMatch(s -> s.kind().equals("SPAN_KIND_SERVER")) && !receiver.spans("Jobs.run").isEmpty());
            OtlpReceiver.Span first = receiver.spans().stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER"))
                    .findFirst().orElseThrow();
            OtlpReceiver.Span firstJob = receiver.spans("Jobs.run").get(0);
            assertEquals(first.traceId(), firstJob.traceId(), "started inside request 1, the worker's first job is in its trace");
            assertEquals(first.spanId(), firstJob.parentSpanId());

            // Later jobs, long after request 1 ended, reach the worker through a queue: not request 1's work.
            for (int n = 2; n <= 4; n++) {
                assertEquals("job " + n + " done on lazy-worker", app.app("/worker?n=" + n).body().trim());
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.spans("Jobs.run").size() >= 4);
            List<OtlpReceiver.Span> later = receiver.spans("Jobs.run").subList(1, 4);
            for (OtlpReceiver.Span job : later) {
                assertFalse(job.traceId().equals(first.traceId()), "a later job landed in request 1's trace");
                assertTrue(job.isRoot(), "a later job starts a trace of its own");
            }
            OtlpReceiver.Span second = later.get(0);
            assertEquals(1, second.links().size(), "linked to the trace the worker was started in");
            assertEquals(first.traceId(), second.links().get(0).get("traceId"));
            assertTrue(later.get(1).links().isEmpty() && later.get(2).links().isEmpty(),
                    "the worker left request 1's trace once: later jobs are plain roots");
            ReliabilityLog.row("Runtime", "a worker thread started lazily inside request 1 runs jobs handed over "
                            + "through a queue by 3 later requests", "every job answered as without Weft",
                    "the job of request 1 joined its trace; once request 1 was over the worker left that trace: "
                            + "the next job began a trace of its own linked to request 1, the rest plain traces",
                    "jobs 4; in request 1's trace 1; linked 1");
        }
    }

    @Test
    void aRemovedSelectorStopsCountingAClassWhoseSignaturesNameAnAbsentType() throws Exception {
        String both = """
                instrument:
                  - name: optional
                    class: "acme.edge.OptionalFeature"
                    record: [count]
                  - name: points
                    class: "acme.edge.Point"
                    record: [count]
                """;
        Path config = Configs.write(dir, "weft.yaml", both);
        try (AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0,watch=200ms")
                .awaitAppAndAgent()) {
            assertEquals("optional n=10 sum=145", app.app("/optional?n=10").body().trim());
            assertEquals(10, new Scrape(app.scrape()).value("weft_method_calls_total", "selector", "optional",
                    "method", "work"));

            Configs.replace(config, both.substring(0, both.indexOf("  - name: optional"))
                    + both.substring(both.indexOf("  - name: points")));
            String reloaded = app.awaitStderr("config reloaded");
            assertTrue(reloaded.contains("removed [optional]"), reloaded);
            assertEquals("optional n=10 sum=145", app.app("/optional?n=10").body().trim());
            Scrape scrape = new Scrape(app.scrape());
            assertFalse(scrape.anyWithLabel("selector", "optional"), "the removed selector's series are gone");
            String selectors = app.weft("/selectors").body();
            assertFalse(selectors.contains("acme.edge.OptionalFeature"), selectors);
            ReliabilityLog.row("Config", "reload removes the selector of a class whose method signatures name a "
                            + "type absent at run time (an optional dependency)", "same answers before and after",
                    "retransformed the class back (planned from its class file, as weaving is): no series of the "
                            + "removed selector, nothing counted after the reload", reloaded.replace("[weft] ", ""));
        }
    }

    @Test
    void theApplicationGetsNoAccessToTheJdkInternalsWeftUses() throws Exception {
        String expected;
        try (AppProcess plain = AppProcess.jarWithoutAgent(EDGE_JAR).awaitApp()) {
            expected = plain.app("/internal").body().trim();
        }
        assertTrue(expected.startsWith("internal refused"), expected);
        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: points
                    class: "acme.edge.Point"
                """);
        try (AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(expected, app.app("/internal").body().trim());
            ReliabilityLog.row("Weaving", "application code calls jdk.internal.misc.Unsafe.getUnsafe(), which Weft "
                            + "uses to define its bootstrap classes", expected,
                    "exported that package to a module of its own only: the application is refused as without Weft",
                    "—");
        }
    }

    /** The outermost span of each recursion: its parent is no span of the recursion. */
    private static List<OtlpReceiver.Span> outermostDowns(List<OtlpReceiver.Span> spans) {
        Set<String> downIds = spans.stream().filter(s -> s.name().endsWith("down"))
                .map(OtlpReceiver.Span::spanId).collect(Collectors.toSet());
        return spans.stream().filter(s -> s.name().endsWith("down") && !downIds.contains(s.parentSpanId())).toList();
    }

    private static Set<String> serverSpanIds(List<OtlpReceiver.Span> spans) {
        return spans.stream().filter(s -> s.kind().equals("SPAN_KIND_SERVER"))
                .map(OtlpReceiver.Span::spanId).collect(Collectors.toSet());
    }

    private static long overflowMillis(AppProcess app, int times) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            assertEquals("overflow caught=yes after=100", app.app("/overflow").body().trim());
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** The answer without its timing. */
    private static String answer(String isolated) {
        return isolated.replaceAll(" ns/call=\\d+", "");
    }

    private static String nanos(String isolated) {
        Matcher m = NANOS_PER_CALL.matcher(isolated);
        assertTrue(m.find(), isolated);
        return m.group(1);
    }
}
