package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.instrumentation.kotlinxcoroutines.CoroutinesLibrary.Step;
import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.RecordedSpan;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the kotlinx-coroutines instrumentation does for one version of the library, held in a class
 * loader the test's (the agent's) cannot see into.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CoroutinesContract {

    private final String version;
    private Recorder recorder;
    private Installation installation;
    private CoroutinesLibrary coroutines;

    /** @param version the folder {@code target/test-libs/coroutines-<version>} */
    CoroutinesContract(String version) {
        this.version = version;
    }

    @BeforeAll
    void weave() {
        recorder = Recorder.install();
        installation = TestAgent.install("kotlinx-coroutines");
        coroutines = new CoroutinesLibrary("coroutines-" + version + "-app", CoroutinesLibrary.jars(version));
    }

    @AfterAll
    void unweave() throws Exception {
        installation.close();
        recorder.close();
        coroutines.close();
    }

    @Test
    void theAgentsLoaderDoesNotSeeKotlin() {
        assertNull(getClass().getClassLoader().getResource("kotlinx/coroutines/Job.class"));
        assertNull(getClass().getClassLoader().getResource("kotlin/coroutines/Continuation.class"));
        assertTrue(coroutines.loader().getResource("kotlinx/coroutines/AbstractCoroutine.class") != null);
    }

    @Test
    void everyDispatcherARunBlockingSwitchesToRunsInTheTraceItWasStartedIn() throws Throwable {
        String here = Thread.currentThread().getName();
        List<Step> steps = Step.all(recorder.inTrace("blocking", () -> call("hops")));

        assertEquals(List.of("runBlocking", "io", "default", "after runBlocking"), steps.stream().map(Step::name).toList());
        for (Step step : steps) {
            assertEquals("blocking", step.trace(), step.toString());
        }
        assertEquals(here, steps.get(0).thread(), "runBlocking's event loop is the caller's thread");
        assertNotEquals(here, steps.get(1).thread(), "withContext(IO) ran on a worker");
        assertNotEquals(here, steps.get(2).thread(), "withContext(Default) ran on a worker");
        assertNull(recorder.currentTrace());
        assertEquals(Arrays.asList(null, null, null, null),
                Step.all(call("hops")).stream().map(Step::trace).toList(), "no trace, none in the coroutines");
    }

    @Test
    void aCoroutineResumedAfterADelayOnAnotherThreadIsStillInItsTrace() throws Throwable {
        Object[] run = recorder.inTrace("launched", () -> (Object[]) call("lazy", "default"));
        assertEquals("elsewhere", traceOf(recorder.inTrace("elsewhere", () -> call("start", (Object) run))));
        List<Step> steps = Step.all(call("await", (Object) run));

        assertEquals(List.of("first", "after delay"), steps.stream().map(Step::name).toList());
        assertEquals(List.of("launched", "launched"), steps.stream().map(Step::trace).toList(),
                "its trace is the one it was launched in, not the one it was started from: " + steps);
        for (Step step : steps) {
            assertNotEquals(Thread.currentThread().getName(), step.thread(), step.toString());
        }
        Step plain = Step.of(call("plainTaskOnDefault"));
        assertNull(plain.trace(), "a worker that ran the coroutine keeps none of its trace: " + plain);
    }

    @Test
    void anUnconfinedCoroutineRunsInItsTraceOnTheCallersThreadAndTheCallerGetsItsOwnBackWhenItSuspends()
            throws Throwable {
        String here = Thread.currentThread().getName();
        Object[] run = recorder.inTrace("unconfined", () -> (Object[]) call("lazy", "unconfined"));
        Object afterStart = recorder.inTrace("caller", () -> call("start", (Object) run));
        assertEquals("caller", traceOf(afterStart), "the first segment ran here, then gave the caller its trace back");
        List<Step> steps = Step.all(call("await", (Object) run));

        assertEquals(new Step("first", here, "unconfined"), steps.get(0));
        Step resumed = steps.get(1);
        assertNotEquals(here, resumed.thread(), "resumed on the thread its delay ended on");
        assertEquals("unconfined", resumed.trace(), resumed.toString());
    }

    @Test
    void aCoroutineLaunchedOutsideAnyTraceRunsInNoneWhereverItRuns() throws Throwable {
        String here = Thread.currentThread().getName();
        Object[] run = (Object[]) call("lazy", "unconfined");
        assertEquals("caller", traceOf(recorder.inTrace("caller", () -> call("start", (Object) run))));
        List<Step> steps = Step.all(call("await", (Object) run));

        assertEquals(new Step("first", here, null), steps.get(0), "not the trace of the thread that started it");
        assertNull(steps.get(1).trace(), steps.get(1).toString());
    }

    @Test
    void suspendingCodeOfNoCoroutineIsLeftAlone() throws Throwable {
        Step step = Step.of(recorder.inTrace("sequence", () -> call("sequence")));
        assertEquals(new Step("sequence", Thread.currentThread().getName(), "sequence"), step);
    }

    @Test
    void theStatusNamesTheWovenClassesAndTheAdviceIsNeverLoaded() {
        InstrumentationStatus status = installation.status("kotlinx-coroutines");
        assertTrue(status.wovenTypes().containsAll(List.of("kotlin.coroutines.jvm.internal.BaseContinuationImpl",
                "kotlinx.coroutines.AbstractCoroutine")), status.wovenTypes().toString());
        assertEquals(List.of(), installation.warnings());
        for (String advice : List.of("CoroutineCreatedAdvice", "ResumeAdvice")) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.kotlinxcoroutines." + advice), advice);
        }
    }

    private Object call(String name, Object... args) throws Exception {
        try {
            return coroutines.invoke(name, args);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private static String traceOf(Object context) {
        return context == null ? null : ((RecordedSpan.Context) context).traceId();
    }
}
