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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
                "ThreadStartAdvice", "ThreadRunAdvice", "HandOverAdvice", "ScheduledHandOverAdvice",
                "BeforeRunAdvice", "AfterRunAdvice")) {
            assertFalse(TestAgent.isLoaded("dev.weft.instrumentation.executors." + advice), advice);
        }
    }

    /** A pool that writes down what its hooks were given. */
    private static final class WatchedPool extends ThreadPoolExecutor {
        final List<Runnable> before = new CopyOnWriteArrayList<>();
        final List<Runnable> after = new CopyOnWriteArrayList<>();

        WatchedPool() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        protected void beforeExecute(Thread thread, Runnable task) {
            before.add(task);
            super.beforeExecute(thread, task);
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            after.add(task);
        }
    }

    @Test
    void insideATraceThePoolSeesTheApplicationsOwnTaskObjects() throws Exception {
        WatchedPool pool = new WatchedPool();
        try {
            AtomicReference<String> seen = new AtomicReference<>();
            FutureTask<String> task = new FutureTask<>(() -> {
                seen.set(recorder.currentTrace());
                return "done";
            });
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch hold = new CountDownLatch(1);
            FutureTask<Void> blocker = new FutureTask<>(() -> {
                started.countDown();
                hold.await();
                return null;
            });
            FutureTask<Void> queued = new FutureTask<>(() -> null);
            FutureTask<Void> dropped = new FutureTask<>(() -> null);
            recorder.inTrace("identity", () -> {
                pool.execute(task);
                assertEquals("done", task.get(10, TimeUnit.SECONDS));
                pool.execute(blocker);
                assertTrue(started.await(10, TimeUnit.SECONDS), "the worker is busy: what follows stays queued");
                pool.execute(queued);
                pool.execute(dropped);
                return null;
            });
            assertEquals("identity", seen.get(), "the context still reaches the task");
            assertSame(task, pool.before.get(0), "beforeExecute gets the task itself");
            assertSame(task, pool.after.get(0), "afterExecute gets the task itself: a Future it can inspect");
            assertTrue(pool.getQueue().contains(queued), "the queue holds the application's objects");
            assertTrue(pool.remove(dropped), "remove finds the task it was given");
            List<Runnable> never = pool.shutdownNow();
            assertEquals(List.of(queued), never);
            assertSame(queued, never.get(0), "shutdownNow hands back what was queued, castable to Future");
            hold.countDown();
        } finally {
            pool.shutdownNow();
        }
        assertNull(recorder.currentTrace(), "the test thread is out of the trace");
    }

    @Test
    void aPeriodicTaskRunsCleanEvenWhenScheduledInsideATrace() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        try {
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch runs = new CountDownLatch(3);
            recorder.inTrace("request-1", () -> scheduler.scheduleAtFixedRate(() -> {
                seen.add(String.valueOf(recorder.currentTrace()));
                runs.countDown();
            }, 0, 5, TimeUnit.MILLISECONDS));
            assertTrue(runs.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("null", "null", "null"), List.copyOf(seen).subList(0, 3));
            assertEquals("one-shot", recorder.inTrace("one-shot",
                    () -> scheduler.schedule(recorder::currentTrace, 1, TimeUnit.MILLISECONDS).get()));
        } finally {
            scheduler.shutdownNow();
        }
    }
}
