package acme.edge;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker thread started by the first request that needs it and serving every later one, as
 * single-thread workers, pollers and cache refreshers are. Jobs reach it through a queue.
 */
final class LazyWorker {

    private static final BlockingQueue<FutureTask<String>> JOBS = new LinkedBlockingQueue<>();
    private static Thread worker;

    private LazyWorker() {
    }

    /** Runs a job on the worker and waits for its answer. */
    static String run(int n) throws Exception {
        startOnce();
        FutureTask<String> job = new FutureTask<>(() -> new Jobs().run(n));
        JOBS.add(job);
        return job.get(10, TimeUnit.SECONDS);
    }

    private static synchronized void startOnce() {
        if (worker == null) {
            worker = new Thread(() -> {
                while (true) {
                    try {
                        JOBS.take().run();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "lazy-worker");
            worker.setDaemon(true);
            worker.start();
        }
    }
}
