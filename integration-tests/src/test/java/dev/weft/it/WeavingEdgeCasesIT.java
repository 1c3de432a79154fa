package dev.weft.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The class shapes real code is made of — enum constant bodies, records, lambdas and the hidden
 * classes behind them, javac's synthetic classes and bridge methods, native and abstract methods,
 * constructors that throw, a stack overflow, interrupt storms, a class loader that is dropped —
 * woven by one broad selector. The service answers exactly as without Weft, counts are exact where
 * they are knowable, nothing reaches stderr but Weft's own line, and the dropped loader is collected.
 */
class WeavingEdgeCasesIT {

    private static final Path EDGE_JAR = Paths.get(System.getProperty("weft.edge.jar"));
    private static final int N = 200;
    private static final String[] PATHS = {"/run?n=" + N, "/overflow", "/hidden", "/loader?jar=" + AppProcess.PLUGIN_JAR};

    @TempDir
    Path dir;

    private static Map<String, String> answers(AppProcess app) throws Exception {
        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : PATHS) {
            var response = app.app(path);
            assertEquals(200, response.statusCode(), path + ": " + response.body());
            answers.put(path, response.body().trim());
        }
        return answers;
    }

    @Test
    void everyShapeAnswersAsWithoutWeftAndIsCountedExactly() throws Exception {
        Map<String, String> expected;
        try (AppProcess plain = AppProcess.jarWithoutAgent(EDGE_JAR).awaitApp()) {
            expected = answers(plain);
        }
        assertEquals("overflow caught=yes after=100", expected.get("/overflow"));
        assertEquals("hidden true value=42", expected.get("/hidden"));
        assertEquals("loader collected=true", expected.get("/loader?jar=" + AppProcess.PLUGIN_JAR));

        Path config = Configs.write(dir, "weft.yaml", """
                instrument:
                  - name: edge
                    class: "acme.edge.*"
                    record: [timer, count, errors]
                  - name: plugin
                    class: "acme.plugin.*"
                    record: [count]
                """);
        try (AppProcess app = AppProcess.jarWithAgent(EDGE_JAR, "config=" + config + ",port=0").awaitAppAndAgent()) {
            assertEquals(expected, answers(app));
            String storm = app.app("/interrupts?n=300").body().trim();
            Matcher counts = Pattern.compile("interrupts n=300 interrupted=(\\d+) thrown=(\\d+) lost=0").matcher(storm);
            assertTrue(counts.matches(), "no interrupt lost or added: " + storm);

            Scrape scrape = new Scrape(app.scrape());
            assertEquals(0, scrape.value("weft_weave_errors_total"), String.join("\n", app.stderr()));
            assertCalls(scrape, "acme.edge.Shape$1", "area", N);
            assertCalls(scrape, "acme.edge.Shape$2", "area", N);
            assertCalls(scrape, "acme.edge.Point", "distanceSquared", N);
            assertCalls(scrape, "acme.edge.Lambdas", "sumOfSquares", N);
            assertCalls(scrape, "acme.edge.ColorNames", "name", N);
            assertCalls(scrape, "acme.edge.ColorNames", "compareTo", N); // the bridge itself is not woven
            assertCalls(scrape, "acme.edge.Natives", "plain", N);
            assertCalls(scrape, "acme.edge.AbstractBase", "twice", N);
            assertCalls(scrape, "acme.edge.Concrete", "compute", N);
            assertCalls(scrape, "acme.edge.Recursion", "down", 101);
            assertCalls(scrape, "acme.edge.Sleeper", "nap", 300);
            assertCalls(scrape, "acme.edge.Sleeper", "napOrThrow", 300);
            assertEquals(Double.parseDouble(counts.group(2)), scrape.value("weft_method_errors_total",
                    "method", "napOrThrow", "exception", "java.lang.InterruptedException"), "every thrown interrupt counted");
            assertTrue(scrape.value("weft_method_errors_total", "method", "forever",
                    "exception", "java.lang.StackOverflowError") > 100, "the overflow unwound through woven frames");
            assertFalse(scrape.has("weft_method_duration_seconds_count", "method", "unlinked"), "native: nothing to weave");
            assertFalse(scrape.has("weft_method_duration_seconds_count", "method", "compute", "class", "acme.edge.AbstractBase"),
                    "abstract: nothing to weave");
            assertFalse(scrape.anyWithLabel("class", "acme.edge.ColorNames$1"), "javac's synthetic switch-map class");
            for (Scrape.Series series : scrape.all("weft_method_duration_seconds_count")) {
                assertFalse(series.labels().get("method").startsWith("lambda$"), "lambda bodies are synthetic: " + series);
                assertFalse(series.labels().get("method").startsWith("<"), "constructors are not woven: " + series);
            }
            for (String line : app.stderr()) {
                assertTrue(line.startsWith("[weft] "), "only Weft's own lines on stderr, got: " + line);
            }
            ReliabilityLog.row("Weaving", "enum constant bodies, a record, lambdas (hidden classes), javac's synthetic "
                            + "class and bridge method, native and abstract methods, throwing constructors, a hidden class "
                            + "defined by the app, a stack overflow through woven frames, a dropped class loader",
                    "every answer identical to the run without Weft (" + expected.size() + " paths compared)",
                    "wove the rest, left natives, abstract methods, synthetics, constructors and hidden classes alone; "
                            + "the dropped loader was collected; no weave error, nothing on stderr but the start line",
                    "calls counted exactly for " + N + "×9 methods; weave errors 0");
            ReliabilityLog.row("Runtime", "interrupt storm: one thread interrupts another without pause while it naps "
                            + "300 times in each of two woven methods", storm,
                    "every interrupt reached the application as without Weft (none lost, none added)",
                    "calls 300 + 300, InterruptedException counted " + counts.group(2) + " = thrown");
        }
    }

    private static void assertCalls(Scrape scrape, String className, String method, int calls) {
        assertEquals(calls, scrape.value("weft_method_duration_seconds_count", "class", className, "method", method),
                className + "." + method);
    }
}
