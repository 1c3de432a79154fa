package acme.orders;

import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

/** Hands {@link HopWork} to another thread in each of the ways a service does, and waits for it. */
public class Dispatcher {

    private final HopWork hopWork = new HopWork();
    private final ExecutorService pool = Executors.newFixedThreadPool(2);
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(1);
    private final HookedPool hooked = new HookedPool();
    private final ForkJoinPool forkJoin = new ForkJoinPool(2);
    private final Timer timer = new Timer("hop-timer", true);
    private final OwnExecutor own = new OwnExecutor();

    /** An executor of the service's own: one thread it started itself, and a queue. */
    private static final class OwnExecutor implements Executor {
        private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();

        OwnExecutor() {
            Thread worker = new Thread(() -> {
                while (true) {
                    try {
                        queue.take().run();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        e.printStackTrace();
                    }
                }
            }, "own-executor");
            worker.setDaemon(true);
            worker.start();
        }

        @Override
        public void execute(Runnable task) {
            queue.add(task);
        }
    }

    /** A fork-join task that does the work; {@code started} counts down once a thread runs it. */
    private final class HopTask extends RecursiveTask<String> {
        private final String via;
        private final CountDownLatch started = new CountDownLatch(1);

        HopTask(String via) {
            this.via = via;
        }

        @Override
        protected String compute() {
            started.countDown();
            return hopWork.work(via);
        }
    }

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
            case "fork": {
                // Forked from the request thread, which waits until a pool worker has taken it.
                HopTask task = new HopTask(via);
                task.fork();
                if (!task.started.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no worker took the forked task");
                }
                return task.join();
            }
            case "invoke":
                return forkJoin.invoke(new HopTask(via));
            case "parallel": {
                // Two elements that wait for each other: one runs on a worker of the common pool.
                CountDownLatch both = new CountDownLatch(2);
                AtomicReference<String> worked = new AtomicReference<>();
                IntStream.range(0, 2).parallel().forEach(i -> {
                    both.countDown();
                    try {
                        both.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (Thread.currentThread() instanceof ForkJoinWorkerThread) {
                        worked.set(hopWork.work(via));
                    }
                });
                return worked.get();
            }
            case "timer": {
                CompletableFuture<String> result = new CompletableFuture<>();
                timer.schedule(new TimerTask() {
                    @Override
                    public void run() {
                        result.complete(hopWork.work(via));
                    }
                }, 1);
                return result.get(10, TimeUnit.SECONDS);
            }
            case "async-own":
                return CompletableFuture.supplyAsync(() -> hopWork.work(via), own).get(10, TimeUnit.SECONDS);
            case "stage-own": {
                // The stage is asked for here; the service's own thread, in no trace, completes its source.
                CompletableFuture<String> source = new CompletableFuture<>();
                CompletableFuture<String> stage = source.thenApplyAsync(hopWork::work, own);
                own.execute(() -> source.complete(via));
                return stage.get(10, TimeUnit.SECONDS);
            }
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
