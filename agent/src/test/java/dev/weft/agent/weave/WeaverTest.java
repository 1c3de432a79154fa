package dev.weft.agent.weave;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.agent.metrics.MetricSnapshot;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weaves the classes of {@code fixtures.weave} in this JVM. Those classes are only ever named as
 * strings and loaded after the weaver is installed; a class loaded before would stay unwoven.
 * They live outside {@code dev.weft}, which the weaver never touches.
 */
class WeaverTest {

    private static final String PKG = "fixtures.weave.";

    private static final String CONFIG = """
            instrument:
              - name: greeter
                class: fixtures.weave.Greeter
                methods: [greet]
                record: [timer, count]
              - name: failing
                class: fixtures.weave.Failing
                record: [count, errors]
              - name: accounts
                class: fixtures.weave.Account
                record: [count]
              - name: hidden
                class: fixtures.weave.Hidden
                record: [count]
              - name: narrow
                class: fixtures.weave.Ordering
                methods: [save]
                record: [count]
              - name: broad
                class: "fixtures.weave.Order*"
                record: [count]
              - name: all-of-reordering
                class: fixtures.weave.Reordering
                record: [count]
              - name: save-of-reordering
                class: fixtures.weave.Reordering
                methods: [save]
                record: [count]
              - name: shapes
                implements: fixtures.weave.Shape
                record: [count]
              - name: measured
                annotated: fixtures.weave.Measured
                record: [count]
              - name: async
                class: fixtures.weave.AsyncWork
                record: [timer, errors, inflight]
              - name: sync
                class: fixtures.weave.SyncWork
                record: [timer, inflight]
                async: false
            exclude:
              - class: fixtures.weave.Account
                methods: ["debug*"]
              - class: fixtures.weave.Hidden
            """;

    private static MethodMetrics metrics;
    private static AgentMetrics agentMetrics;
    private static Instrumentation instrumentation;
    private static Weaver weaver;

    @BeforeAll
    static void installWeaver() {
        ConfigResult result = ConfigLoader.parse(CONFIG, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        WeftConfig config = result.config();
        metrics = new MethodMetrics(config.metrics().bucketsSeconds());
        agentMetrics = new AgentMetrics(config.instrument(), metrics);
        instrumentation = ByteBuddyAgent.install();
        weaver = new Weaver(instrumentation, metrics, agentMetrics, 32);
        weaver.apply(config);
    }

    @AfterAll
    static void removeWeaver() {
        if (weaver != null) {
            weaver.apply(WeftConfig.empty(null, "svc"));
        }
    }

    // ---- counting through woven code ----

    @Test
    void wovenMethodsAreTimedAndCounted() throws Throwable {
        Object greeter = newInstance("Greeter");

        assertEquals("hello ann", call(greeter, "greet", types(String.class), "ann"));
        assertEquals("hello bob", call(greeter, "greet", types(String.class), "bob"));
        assertEquals("hi cy", call(greeter, "greet", types(String.class, String.class), "hi", "cy"));
        assertEquals(3, call(greeter, "length", types(String.class), "abc"));

        assertEquals(3L, calls("greeter", "Greeter", "greet"), "both overloads feed one series");
        MetricSnapshot.HistogramPoint durations = duration("greeter", "Greeter", "greet");
        assertEquals(3, durations.count());
        assertTrue(durations.sum() > 0, "durations were measured");
        assertNull(calls("greeter", "Greeter", "length"), "a method outside 'methods' is not woven");
    }

    @Test
    void overloadsCountAsSeparateWovenMethods() throws Throwable {
        newInstance("Greeter");

        assertEquals(2, metrics.wovenMethods("greeter"));
        assertEquals(Set.of("fixtures.weave.Greeter.greet"), seriesOf("greeter"), "one series for both overloads");
    }

    @Test
    void exceptionPropagatesUnchangedAndIsCountedByClassName() throws Throwable {
        Object failing = newInstance("Failing");
        IllegalStateException thrown = new IllegalStateException("out of stock");

        assertEquals("ran", call(failing, "run", types(RuntimeException.class), (Object) null));
        Throwable caught = assertThrows(IllegalStateException.class,
                () -> call(failing, "run", types(RuntimeException.class), thrown));

        assertSame(thrown, caught);
        assertEquals("out of stock", caught.getMessage());
        assertNull(caught.getCause());
        assertEquals(0, caught.getSuppressed().length);
        assertEquals(2L, calls("failing", "Failing", "run"), "the call that threw is counted too");
        assertEquals(Map.of("java.lang.IllegalStateException", 1L), errors("failing", "Failing", "run"));
    }

    @Test
    void checkedExceptionOfTheApplicationIsCountedUnderItsOwnName() throws Throwable {
        Object failing = newInstance("Failing");
        Class<?> boomType = Class.forName(PKG + "Failing$Boom");
        Throwable boom = (Throwable) boomType.getConstructor(String.class).newInstance("boom");

        Throwable caught = assertThrows(Throwable.class, () -> call(failing, "check", types(boomType), boom));

        assertSame(boom, caught);
        assertEquals(Map.of("fixtures.weave.Failing$Boom", 1L), errors("failing", "Failing", "check"));
    }

    // ---- which methods are woven ----

    @Test
    void excludedMethodIsNotWoven() throws Throwable {
        Object account = newInstance("Account");

        call(account, "deposit", types(long.class), 5L);
        call(account, "deposit", types(long.class), 7L);
        assertEquals(12L, call(account, "balance", types()));
        assertEquals("balance=12", call(account, "debugDump", types()));

        assertEquals(2L, calls("accounts", "Account", "deposit"));
        assertEquals(1L, calls("accounts", "Account", "balance"));
        assertNull(calls("accounts", "Account", "debugDump"));
        assertEquals(2, metrics.wovenMethods("accounts"), "deposit and balance, not debugDump");
    }

    @Test
    void excludedClassIsNotWovenAtAll() throws Throwable {
        Object hidden = newInstance("Hidden");

        assertEquals(42, call(hidden, "secret", types()));

        assertEquals(0, metrics.wovenMethods("hidden"));
        assertEquals(Set.of(), seriesOf("hidden"));
    }

    @Test
    void firstSelectorInFileOrderWins() throws Throwable {
        Object ordering = newInstance("Ordering");

        call(ordering, "save", types());
        call(ordering, "load", types());

        assertEquals(1L, calls("narrow", "Ordering", "save"));
        assertNull(calls("broad", "Ordering", "save"), "the narrow selector came first and claimed save");
        assertEquals(1L, calls("broad", "Ordering", "load"), "the broad selector picks up the rest");
        assertEquals(1, metrics.wovenMethods("narrow"));
        assertEquals(1, metrics.wovenMethods("broad"));
    }

    @Test
    void broadSelectorFirstLeavesNothingForALaterNarrowOne() throws Throwable {
        Object reordering = newInstance("Reordering");

        call(reordering, "save", types());

        assertEquals(1L, calls("all-of-reordering", "Reordering", "save"));
        assertEquals(0, metrics.wovenMethods("save-of-reordering"));
        assertEquals(Set.of(), seriesOf("save-of-reordering"));
    }

    @Test
    void implementsSelectorWeavesImplementations() throws Throwable {
        Object square = Class.forName(PKG + "Square").getConstructor(double.class).newInstance(3.0);

        assertEquals(9.0, call(square, "area", types()));

        assertEquals(1L, calls("shapes", "Square", "area"));
        assertEquals(1, metrics.wovenMethods("shapes"), "area only; the constructor is not woven");
    }

    @Test
    void annotatedSelectorWeavesAnnotatedClasses() throws Throwable {
        Object clock = newInstance("Clock");

        call(clock, "tick", types());
        call(clock, "tick", types());

        assertEquals(2L, calls("measured", "Clock", "tick"));
    }

    // ---- work that goes on after the call ----

    @Test
    void aFutureIsTimedUntilItCompletesAndTheCallerGetsThatFuture() throws Throwable {
        Object work = newInstance("AsyncWork");
        CompletableFuture<?> future = (CompletableFuture<?>) call(work, "pending", types());

        assertSame(work.getClass().getField("made").get(work), future, "the method's own future");
        assertEquals(1L, inflight("async", "AsyncWork", "pending"), "running until its future completes");
        assertEquals(0L, timed("async", "AsyncWork", "pending"));
        Thread.sleep(50);
        ((CompletableFuture<String>) future).complete("done");

        assertEquals(0L, inflight("async", "AsyncWork", "pending"));
        assertEquals(1L, timed("async", "AsyncWork", "pending"));
        assertTrue(duration("async", "AsyncWork", "pending").sum() >= 0.05, "until completion, not return");
        assertEquals(Map.of(), errors("async", "AsyncWork", "pending"));
    }

    @Test
    void aFailedFutureCountsItsCauseAndACancelledOneCountsAsCancelled() throws Throwable {
        Object work = newInstance("AsyncWork");
        CompletableFuture<?> failed = (CompletableFuture<?>) call(work, "failsLater", types());
        ExecutionException thrown = assertThrows(ExecutionException.class, failed::get);
        assertEquals(IllegalStateException.class, thrown.getCause().getClass(), "the program sees what it did");
        CompletableFuture<?> cancelled = (CompletableFuture<?>) call(work, "pending", types());
        cancelled.cancel(true);

        assertEquals(Map.of("java.lang.IllegalStateException", 1L), errors("async", "AsyncWork", "failsLater"));
        assertEquals(1L, errors("async", "AsyncWork", "pending").get("cancelled"));
    }

    @Test
    void aStageBuiltOnAnotherEndsWhenItDoes() throws Throwable {
        Object work = newInstance("AsyncWork");
        CompletableFuture<String> behind = new CompletableFuture<>();
        CompletionStage<?> stage = (CompletionStage<?>) call(work, "stage", types(CompletableFuture.class), behind);
        assertEquals(0L, timed("async", "AsyncWork", "stage"));
        behind.complete("shipped");

        assertEquals("shipped!", stage.toCompletableFuture().get());
        assertEquals(1L, timed("async", "AsyncWork", "stage"));
    }

    @Test
    void aNullOrAThrowEndsTheCallAtOnce() throws Throwable {
        Object work = newInstance("AsyncWork");
        assertNull(call(work, "none", types()));
        assertThrows(IllegalArgumentException.class, () -> call(work, "throwsNow", types()));

        assertEquals(1L, timed("async", "AsyncWork", "none"));
        assertEquals(Map.of("java.lang.IllegalArgumentException", 1L), errors("async", "AsyncWork", "throwsNow"));
        assertEquals(0L, inflight("async", "AsyncWork", "throwsNow"));
    }

    @Test
    void aMonoOrFluxEndsWithItsLastSignalOnceHoweverOftenItIsSubscribed() throws Throwable {
        Object work = newInstance("AsyncWork");
        Mono<?> mono = (Mono<?>) call(work, "mono", types(String.class), "pen");
        assertEquals(1L, inflight("async", "AsyncWork", "mono"), "assembled, not yet run");
        assertEquals("PEN", mono.block());
        assertEquals("PEN", mono.block(), "the same signals on every subscription");
        Mono<?> failing = (Mono<?>) call(work, "monoFails", types());
        assertThrows(IllegalStateException.class, failing::block);
        Flux<?> flux = (Flux<?>) call(work, "flux", types(int.class), 1000);
        assertEquals(List.of(1, 2, 3), flux.take(3).collectList().block(), "take cancels the rest");

        assertEquals(1L, timed("async", "AsyncWork", "mono"));
        assertEquals(0L, inflight("async", "AsyncWork", "mono"));
        assertEquals(Map.of("java.lang.IllegalStateException", 1L), errors("async", "AsyncWork", "monoFails"));
        assertEquals(Map.of("cancelled", 1L), errors("async", "AsyncWork", "flux"));
    }

    @Test
    void asyncFalseKeepsEntryToReturn() throws Throwable {
        Object work = newInstance("SyncWork");
        CompletableFuture<?> future = (CompletableFuture<?>) call(work, "pending", types());

        assertEquals(1L, timed("sync", "SyncWork", "pending"), "ended at return, though its future never completes");
        assertEquals(0L, inflight("sync", "SyncWork", "pending"));
        assertTrue(!future.isDone());
    }

    @Test
    void nothingFailedToWeave() throws Throwable {
        for (String fixture : List.of("Greeter", "Failing", "Account", "Hidden", "Ordering", "Reordering", "Clock",
                "AsyncWork", "SyncWork")) {
            newInstance(fixture);
        }
        assertEquals(0, agentMetrics.weaveErrors());
    }

    // ---- helpers ----

    private static Object newInstance(String simpleName) throws Exception {
        return Class.forName(PKG + simpleName).getConstructor().newInstance();
    }

    private static Class<?>[] types(Class<?>... types) {
        return types;
    }

    /** Calls a public method reflectively, throwing what the method threw. */
    private static Object call(Object target, String method, Class<?>[] types, Object... args) throws Throwable {
        try {
            return target.getClass().getMethod(method, types).invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static boolean is(MetricSnapshot.Labels labels, String selector, String simpleClass, String method) {
        return selector.equals(labels.get("selector")) && (PKG + simpleClass).equals(labels.get("class"))
                && method.equals(labels.get("method"));
    }

    private static <T extends MetricSnapshot> T family(String name, Class<T> type) {
        for (MetricSnapshot snapshot : metrics.collect()) {
            if (snapshot.name().equals(name)) {
                return type.cast(snapshot);
            }
        }
        throw new AssertionError("no family " + name);
    }

    /** The call count of a series, or {@code null} when there is no such series. */
    private static Long calls(String selector, String simpleClass, String method) {
        for (MetricSnapshot.Point point : family("weft_method_calls", MetricSnapshot.Counter.class).points()) {
            if (is(point.labels(), selector, simpleClass, method)) {
                return (long) point.value();
            }
        }
        return null;
    }

    private static MetricSnapshot.HistogramPoint duration(String selector, String simpleClass, String method) {
        for (MetricSnapshot.HistogramPoint point
                : family("weft_method_duration_seconds", MetricSnapshot.Histogram.class).points()) {
            if (is(point.labels(), selector, simpleClass, method)) {
                return point;
            }
        }
        throw new AssertionError("no duration series for " + selector + " " + simpleClass + "." + method);
    }

    /** The calls of a timed series: its histogram's count. */
    private static long timed(String selector, String simpleClass, String method) {
        return duration(selector, simpleClass, method).count();
    }

    private static Long inflight(String selector, String simpleClass, String method) {
        for (MetricSnapshot.Point point
                : family("weft_method_inflight", MetricSnapshot.Gauge.class).points()) {
            if (is(point.labels(), selector, simpleClass, method)) {
                return (long) point.value();
            }
        }
        return null;
    }

    private static Map<String, Long> errors(String selector, String simpleClass, String method) {
        Map<String, Long> errors = new TreeMap<>();
        for (MetricSnapshot.Point point : family("weft_method_errors", MetricSnapshot.Counter.class).points()) {
            if (is(point.labels(), selector, simpleClass, method)) {
                errors.put(point.labels().get("exception"), (long) point.value());
            }
        }
        return errors;
    }

    /** Every exported series of a selector, in any family, as "class.method". */
    private static Set<String> seriesOf(String selector) {
        Set<String> series = new TreeSet<>();
        for (MetricSnapshot snapshot : metrics.collect()) {
            List<MetricSnapshot.Labels> labels = new ArrayList<>();
            if (snapshot instanceof MetricSnapshot.Counter counter) {
                counter.points().forEach(point -> labels.add(point.labels()));
            } else if (snapshot instanceof MetricSnapshot.Gauge gauge) {
                gauge.points().forEach(point -> labels.add(point.labels()));
            } else if (snapshot instanceof MetricSnapshot.Histogram histogram) {
                histogram.points().forEach(point -> labels.add(point.labels()));
            }
            for (MetricSnapshot.Labels l : labels) {
                if (selector.equals(l.get("selector"))) {
                    series.add(l.get("class") + "." + l.get("method"));
                }
            }
        }
        return series;
    }
}
