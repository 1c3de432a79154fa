package dev.weft.instrumentation.executors;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The JDK's executors and threads, woven in the test JVM (they were loaded long before). */
class ExecutorsTest {

    private static Recorder recorder;
    private static Installation installation;

    @BeforeAll
    static void weave() {
        recorder = Recorder.install();
        installation = TestAgent.install("executors");
    }

    @AfterAll
    static void unweave() {
        installation.close();
        recorder.close();
    }

    @Test
    void aPoolTaskRunsInTheTraceItWasSubmittedIn() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        try {
            assertNull(pool.submit(recorder::currentTrace).get(), "no trace here, none in the task");
            assertEquals("trace-a", recorder.inTrace("trace-a", () -> pool.submit(recorder::currentTrace).get()));
            AtomicReference<String> seen = new AtomicReference<>();
            recorder.inTrace("trace-b", () -> {
                pool.execute(() -> seen.set(recorder.currentTrace()));
                return null;
            });
            assertEquals("trace-b", pool.submit(seen::get).get(), "execute, then the next task in order");
            assertNull(pool.submit(recorder::currentTrace).get(), "the worker does not keep a task's trace");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPoolStartedInATraceDoesNotHandThatTraceToLaterTasks() throws Exception {
        ExecutorService pool = recorder.inTrace("starter", () -> {
            ExecutorService started = Executors.newFixedThreadPool(1);
            started.submit(() -> { }).get(); // its worker thread starts here, inside the trace
            return started;
        });
        try {
            assertNull(pool.submit(recorder::currentTrace).get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void scheduledTasksForkJoinTasksAsyncStagesAndThreadsRunInTheirCallersTrace() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            assertEquals("scheduled", recorder.inTrace("scheduled",
                    () -> scheduler.schedule(recorder::currentTrace, 1, TimeUnit.MILLISECONDS).get()));
            AtomicReference<String> seen = new AtomicReference<>();
            recorder.inTrace("scheduled-runnable", () -> scheduler.schedule(() -> seen.set(recorder.currentTrace()),
                    1, TimeUnit.MILLISECONDS).get());
            assertEquals("scheduled-runnable", seen.get());
        } finally {
            scheduler.shutdownNow();
        }
        assertEquals("fork-join", recorder.inTrace("fork-join",
                () -> ForkJoinPool.commonPool().submit(recorder::currentTrace).get()));
        assertEquals("async", recorder.inTrace("async",
                () -> CompletableFuture.supplyAsync(recorder::currentTrace).get()));

        AtomicReference<String> inThread = new AtomicReference<>();
        Thread thread = new Thread(() -> inThread.set(recorder.currentTrace()));
        recorder.inTrace("thread", () -> {
            thread.start();
            return null;
        });
        thread.join();
        assertEquals("thread", inThread.get());
    }

    @Test
    void theStatusNamesTheWovenJdkClassesAndTheAdviceIsNeverLoaded() {
        InstrumentationStatus status = installation.status("executors");
        assertEquals(List.of("java.lang.Thread", "java.util.concurrent.ForkJoinPool",
                        "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ThreadPoolExecutor"),
                status.wovenTypes().stream().sorted().toList());
        assertEquals(List.of(), installation.warnings());
        for (String advice : List.of("WrapRunnableAdvice", "WrapCallableAdvice", "PoolWorkerAdvice",
                "ThreadStartAdvice", "ThreadRunAdvice")) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.executors." + advice), advice);
        }
    }
}
