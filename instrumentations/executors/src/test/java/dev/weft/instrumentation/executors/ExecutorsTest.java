package dev.weft.instrumentation.executors;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
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
import java.util.concurrent.atomic.AtomicInteger;
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
        // Loaded before the weaving, as a running service has them: all are retransformed, none left to chance.
        new Timer(true).cancel();
        CompletableFuture.runAsync(() -> { }).join();
        CompletableFuture.supplyAsync(() -> null).join();
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
    void aPoolWhoseBeforeExecuteSkipsItsSuperStillRunsSubmittedTasksInTheirTrace() throws Exception {
        AtomicInteger hooks = new AtomicInteger();
        // As Spring's ThreadPoolTaskExecutor builds its pool: both hooks overridden, neither calling super.
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>()) {
            @Override
            protected void beforeExecute(Thread thread, Runnable task) {
                hooks.incrementAndGet();
            }

            @Override
            protected void afterExecute(Runnable task, Throwable thrown) {
                hooks.incrementAndGet();
            }
        };
        try {
            assertEquals("spring-async", recorder.inTrace("spring-async", () -> pool.submit(recorder::currentTrace).get()));
            assertNull(pool.submit(recorder::currentTrace).get(), "the next task is in no trace");
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS)); // a task's afterExecute follows its result
            assertEquals(4, hooks.get(), "the application's hooks ran for each task");
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
        // On JDK 17 there is no java.lang.VirtualThread to weave, and nothing to warn about.
        assertEquals(List.of("java.lang.Thread", "java.util.TaskQueue", "java.util.Timer",
                        "java.util.concurrent.CompletableFuture$AsyncRun", "java.util.concurrent.CompletableFuture$AsyncSupply",
                        "java.util.concurrent.CompletableFuture$Completion", "java.util.concurrent.CompletableFuture$UniCompletion",
                        "java.util.concurrent.ForkJoinPool", "java.util.concurrent.ForkJoinTask", "java.util.concurrent.FutureTask",
                        "java.util.concurrent.ScheduledThreadPoolExecutor", "java.util.concurrent.ThreadPoolExecutor"),
                status.wovenTypes().stream().sorted().toList(), String.join("\n", installation.warnings()));
        assertEquals(List.of(), installation.warnings());
        for (String advice : List.of("WrapRunnableAdvice", "WrapCallableAdvice", "PoolWorkerAdvice",
                "ThreadStartAdvice", "ThreadRunAdvice", "HandOverAdvice", "ScheduledHandOverAdvice",
                "BeforeRunAdvice", "AfterRunAdvice", "ForkJoinExecuteAdvice", "ForkAdvice", "TaskRunAdvice",
                "AsyncTaskCreatedAdvice", "StageCreatedAdvice", "StageRunAdvice", "TimerScheduleAdvice",
                "TimerTakeAdvice", "TimerLoopAdvice", "TaskThreadStartAdvice", "NoContextAdvice")) {
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

    /** Splits down to single numbers, forking one half, and writes down the trace each piece ran in and where. */
    private static final class Pieces extends RecursiveTask<Integer> {
        private final int from;
        private final int to;
        private final Set<String> traces;
        private final Set<String> threads;

        Pieces(int from, int to, Set<String> traces, Set<String> threads) {
            this.from = from;
            this.to = to;
            this.traces = traces;
            this.threads = threads;
        }

        @Override
        protected Integer compute() {
            if (to - from == 1) {
                traces.add(String.valueOf(recorder.currentTrace()));
                threads.add(Thread.currentThread().getName());
                sleepALittle(); // long enough for idle workers to steal the other forked halves
                return from;
            }
            int middle = (from + to) / 2;
            Pieces left = new Pieces(from, middle, traces, threads);
            left.fork();
            return new Pieces(middle, to, traces, threads).compute() + left.join();
        }
    }

    private static void sleepALittle() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void forkedAndInvokedForkJoinTasksRunInTheTraceTheyWereForkedIn() throws Exception {
        ForkJoinPool pool = new ForkJoinPool(3);
        try {
            Set<String> traces = ConcurrentHashMap.newKeySet();
            Set<String> threads = ConcurrentHashMap.newKeySet();
            assertEquals(2016, recorder.inTrace("invoked", () -> pool.invoke(new Pieces(0, 64, traces, threads))));
            assertEquals(Set.of("invoked"), traces);
            assertTrue(threads.size() > 1, "the pieces ran on more than one worker: " + threads);

            traces.clear();
            // Forked from a thread outside any pool: it goes to the common pool's queue.
            assertEquals(2016, (int) recorder.inTrace("forked", () -> new Pieces(0, 64, traces, threads).fork()).join());
            assertEquals(Set.of("forked"), traces);

            traces.clear();
            assertEquals(2016, pool.submit(new Pieces(0, 64, traces, threads)).get());
            assertEquals(Set.of("null"), traces, "no trace at the hand-over, none in the pieces");
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task that is both a ForkJoinTask and a Runnable, as CompletableFuture's own tasks are. */
    private static final class RunnableAction extends RecursiveAction implements Runnable {
        final AtomicReference<String> seen = new AtomicReference<>();

        @Override
        protected void compute() {
            run();
        }

        @Override
        public void run() {
            seen.set(String.valueOf(recorder.currentTrace()));
        }
    }

    @Test
    void aForkJoinTaskSubmittedAsARunnableComesBackAsItself() throws Exception {
        RunnableAction action = new RunnableAction();
        ForkJoinTask<?> returned = recorder.inTrace("itself", () -> ForkJoinPool.commonPool().submit((Runnable) action));
        assertSame(action, returned, "submit gives the application its own task back");
        returned.get(10, TimeUnit.SECONDS);
        assertEquals("itself", action.seen.get());
    }

    @Test
    void aParallelStreamRunsInTheTraceOfTheCodeThatRunsIt() throws Exception {
        Set<String> threads = ConcurrentHashMap.newKeySet();
        Set<String> traces = recorder.inTrace("stream", () -> IntStream.range(0, 64).parallel().mapToObj(i -> {
            if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
                threads.add(Thread.currentThread().getName());
            }
            sleepALittle();
            return String.valueOf(recorder.currentTrace());
        }).collect(Collectors.toSet()));
        assertEquals(Set.of("stream"), traces);
        assertFalse(threads.isEmpty(), "some of the stream ran on the common pool's workers");
        Set<String> later = IntStream.range(0, 64).parallel().mapToObj(i -> String.valueOf(recorder.currentTrace()))
                .collect(Collectors.toSet());
        assertEquals(Set.of("null"), later, "the workers keep no trace");
    }

    @Test
    void aOneShotTimerTaskRunsInTheTraceItWasScheduledInAndAPeriodicOneClean() throws Exception {
        Timer timer = recorder.inTrace("timer-created", () -> new Timer("test-timer", true));
        try {
            BlockingQueue<String> seen = new LinkedBlockingQueue<>();
            recorder.inTrace("one-shot", () -> {
                timer.schedule(recorded(seen), 1);
                return null;
            });
            assertEquals("one-shot", seen.poll(10, TimeUnit.SECONDS));
            timer.schedule(recorded(seen), 1);
            assertEquals("null", seen.poll(10, TimeUnit.SECONDS), "the timer thread keeps neither the task's trace nor its own start's");
            TimerTask periodic = recorder.inTrace("periodic", () -> {
                TimerTask task = recorded(seen);
                timer.schedule(task, 0, 5);
                return task;
            });
            List<String> runs = List.of(seen.poll(10, TimeUnit.SECONDS), seen.poll(10, TimeUnit.SECONDS));
            periodic.cancel();
            assertEquals(List.of("null", "null"), runs);
        } finally {
            timer.cancel();
        }
    }

    private static TimerTask recorded(BlockingQueue<String> seen) {
        return new TimerTask() {
            @Override
            public void run() {
                seen.add(String.valueOf(recorder.currentTrace()));
            }
        };
    }

    /** An executor of the application's own: one thread, started outside any trace, and a queue. */
    private static final class OwnExecutor implements Executor, AutoCloseable {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private final Thread worker = new Thread(() -> {
            try {
                while (true) {
                    queue.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }, "own-executor");

        OwnExecutor() {
            worker.start();
        }

        @Override
        public void execute(Runnable task) {
            queue.add(task);
        }

        @Override
        public void close() {
            worker.interrupt();
        }
    }

    @Test
    void completableFutureStagesOnTheApplicationsOwnExecutorRunInTheTraceThatAskedForThem() throws Exception {
        try (OwnExecutor own = new OwnExecutor()) {
            assertEquals("supplied", recorder.inTrace("supplied",
                    () -> CompletableFuture.supplyAsync(recorder::currentTrace, own).get(10, TimeUnit.SECONDS)));
            AtomicReference<String> ran = new AtomicReference<>();
            recorder.inTrace("ran", () -> CompletableFuture.runAsync(() -> ran.set(recorder.currentTrace()), own)
                    .get(10, TimeUnit.SECONDS));
            assertEquals("ran", ran.get());

            // The stage is asked for in one trace; its source is completed by a thread in another.
            CompletableFuture<String> source = new CompletableFuture<>();
            CompletableFuture<String> stage = recorder.inTrace("asked",
                    () -> source.thenApplyAsync(s -> s + " in " + recorder.currentTrace(), own));
            recorder.inTrace("completer", () -> source.complete("applied"));
            assertEquals("applied in asked", stage.get(10, TimeUnit.SECONDS));

            // Its source already done: the stage is handed to the executor at once.
            CompletableFuture<String> done = CompletableFuture.completedFuture("done");
            assertEquals("done in now", recorder.inTrace("now",
                    () -> done.thenApplyAsync(s -> s + " in " + recorder.currentTrace(), own)).get(10, TimeUnit.SECONDS));

            // Two sources, on the common pool: the stage still runs in the trace that asked for it.
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<String> combined = recorder.inTrace("combined",
                    () -> first.thenCombineAsync(CompletableFuture.completedFuture("b"),
                            (a, b) -> a + b + " in " + recorder.currentTrace()));
            first.complete("a");
            assertEquals("ab in combined", combined.get(10, TimeUnit.SECONDS));

            assertEquals("null", CompletableFuture.supplyAsync(() -> String.valueOf(recorder.currentTrace()), own)
                    .get(10, TimeUnit.SECONDS), "no trace asked for it, none in the task");
            // A synchronous stage runs on the completing thread, in its trace.
            CompletableFuture<String> later = new CompletableFuture<>();
            CompletableFuture<String> sync = recorder.inTrace("sync-asked", () -> later.thenApply(s -> s + " in "
                    + recorder.currentTrace()));
            recorder.inTrace("sync-completer", () -> later.complete("sync"));
            assertEquals("sync in sync-completer", sync.get(10, TimeUnit.SECONDS));
        }
    }
}
