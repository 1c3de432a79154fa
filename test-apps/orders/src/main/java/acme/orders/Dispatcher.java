package acme.orders;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Hands {@link HopWork} to another thread in each of the ways a service does, and waits for it. */
public class Dispatcher {

    private final HopWork hopWork = new HopWork();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final HookedPool hooked = new HookedPool();

    /** A pool whose hook looks at each finished task as a Future, as services do to log failed tasks. */
    private static final class HookedPool extends ThreadPoolExecutor {
        /** What afterExecute saw of each finished task, in order. */
        private final BlockingQueue<String> finished = new LinkedBlockingQueue<>();

        HookedPool() {
            super(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
        }

        @Override
        protected void afterExecute(Runnable task, Throwable thrown) {
            super.afterExecute(task, thrown);
            finished.add(task instanceof Future<?> future && future.isDone() ? "its Future, done"
                    : "a " + task.getClass().getName());
        }
    }

    /** Hands the work over {@code via} a pool, a scheduler, the fork-join pool, an async stage or a new thread. */
    public String dispatch(String via) throws Exception {
        return handOver(via);
    }

    /** The same hand-over, from a method no selector names. */
    public String detached(String via) throws Exception {
        return handOver(via);
    }

    private String handOver(String via) throws Exception {
        switch (via) {
            case "submit":
                return pool.submit(() -> hopWork.work(via)).get();
            case "execute": {
                CompletableFuture<String> result = new CompletableFuture<>();
                pool.execute(() -> result.complete(hopWork.work(via)));
                return result.get();
            }
            case "schedule":
                return scheduler.schedule(() -> hopWork.work(via), 1, TimeUnit.MILLISECONDS).get();
            case "hooks": {
                FutureTask<String> task = new FutureTask<>(() -> hopWork.work(via));
                hooked.execute(task);
                String worked = task.get();
                // afterExecute runs once the task is done: wait for what it saw.
                return worked + "; afterExecute saw " + hooked.finished.poll(10, TimeUnit.SECONDS);
            }
            case "forkjoin":
                return ForkJoinPool.commonPool().submit(() -> hopWork.work(via)).get();
            case "async":
                return CompletableFuture.supplyAsync(() -> hopWork.work(via)).thenApplyAsync(s -> s + "!").get();
            case "thread": {
                String[] out = new String[1];
                Thread thread = new Thread(() -> out[0] = hopWork.work(via), "hop-thread");
                thread.start();
                thread.join();
                return out[0];
            }
            default:
                throw new IllegalArgumentException("no hand-over '" + via + "'");
        }
    }
}
