package dev.weft.agent.http;

import dev.weft.agent.support.DaemonThreads;
import dev.weft.agent.support.WeftLog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The executor the JDK server hands each connection to, and the time limits on the parts of an
 * exchange that a client controls: sending its request and taking the answer.
 *
 * <p>The JDK server watches a new connection on its own dispatcher thread until the first byte
 * arrives, then hands it here, and the request is read on the executor's thread, blocking: a client
 * that sends one byte and stops holds that thread until it is cut off. A scrape must not wait behind
 * such clients, however many there are, so:
 * <ul>
 *   <li>a client has {@link Limits#readMillis} from the moment its connection is handed over to send
 *       its whole request, however long it waited for a thread; one that waited past that is closed
 *       without being read;</li>
 *   <li>waiting connections are taken newest first: a scraper sends its whole request at once, a
 *       stalled client has been waiting a while, so the scrape does not queue behind them;</li>
 *   <li>while connections wait for a thread, a thread that has spent {@link Limits#yieldAfterMillis}
 *       reading a request that has still not come gives it up to them (that client's connection is
 *       closed): a complete request is read in microseconds;</li>
 *   <li>at most {@link Limits#maxThreads} threads read and answer, and at most
 *       {@link Limits#maxWaiting} connections wait for one: past that the oldest waiting one is
 *       closed, so no number of clients makes Weft hold more;</li>
 *   <li>a client has {@link Limits#writeMillis} to take the answer.</li>
 * </ul>
 * A client is cut off by interrupting its thread, which closes the connection (a blocking channel
 * read or write gives up when its thread is interrupted); a waiting connection is closed unread by
 * running it on an interrupted thread, which closes it at its first read, before any handler. Weft's
 * own work between reading the request and writing the answer is never cut short.
 */
final class ExchangeScheduler implements Executor {

    /**
     * @param maxThreads       exchanges read and answered at once
     * @param maxWaiting       connections waiting for a thread, past which the oldest is closed
     * @param readMillis       from the hand-over, to send the whole request
     * @param writeMillis      to take the answer
     * @param yieldAfterMillis reading a request this long, a thread goes to a waiting connection
     * @param tickMillis       how often the limits are checked
     */
    record Limits(int maxThreads, int maxWaiting, long readMillis, long writeMillis, long yieldAfterMillis,
                  long tickMillis) {
        static final Limits DEFAULT = new Limits(32, 96, 5_000, 30_000, 1_000, 100);
    }

    private static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    /** A connection handed over, not yet on a thread. */
    private record Waiting(Runnable exchange, long readBy) {
    }

    private final Limits limits;
    private final ThreadFactory threads = DaemonThreads.factory("weft-http-");
    private final ThreadLocal<Worker> current = new ThreadLocal<>();
    private final Thread watchdog;
    /** Newest first. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private final List<Runnable> toClose = new ArrayList<>();
    private final List<Worker> workers = new ArrayList<>();
    private int idle;
    private boolean stopped;
    private final AtomicLong closedUnread = new AtomicLong();
    private final AtomicLong cut = new AtomicLong();

    ExchangeScheduler() {
        this(Limits.DEFAULT);
    }

    ExchangeScheduler(Limits limits) {
        this.limits = limits;
        watchdog = DaemonThreads.start("weft-http-deadlines", this::watch);
    }

    /** Called by the JDK server's dispatcher thread once a connection has a byte to read. */
    @Override
    public void execute(Runnable exchange) {
        synchronized (this) {
            if (stopped) {
                throw new RejectedExecutionException("the endpoint is stopping"); // the server closes it
            }
            waiting.addFirst(new Waiting(exchange, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.readMillis())));
            if (waiting.size() > limits.maxWaiting()) {
                toClose.add(waiting.pollLast().exchange());
            }
            if (waiting.size() > idle && workers.size() < limits.maxThreads()) {
                startWorker();
            } else {
                notify();
            }
        }
    }

    /** Another thread; if the JDK cannot start one, the connection waits for a thread there is, or its deadline. */
    private void startWorker() {
        Worker worker = new Worker();
        try {
            worker.thread = threads.newThread(() -> work(worker));
            workers.add(worker);
            worker.thread.start();
        } catch (Throwable e) { // e.g. OutOfMemoryError: unable to create native thread
            workers.remove(worker);
            WeftLog.warnOnce("endpoint:thread:" + e.getClass().getName(), "the endpoint could not start a thread ("
                    + e + "); requests wait for the threads it has");
        }
    }

    /**
     * The request of the calling thread's exchange has been read: what follows is Weft's own work,
     * never cut short. False when the client was cut off as it finished: the connection is closing.
     */
    boolean requestRead() {
        Worker worker = current.get();
        return worker == null || worker.own();
    }

    /** The answer is about to be written: the client has its time to take it. False when cut off. */
    boolean answering() {
        Worker worker = current.get();
        return worker == null || worker.writing(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(limits.writeMillis()));
    }

    /** Connections closed unread so far: waited past their deadline, or the oldest past the cap. */
    long closedUnread() {
        return closedUnread.get();
    }

    /** Clients cut off while they sent their request or took their answer. */
    long cut() {
        return cut.get();
    }

    void stop() {
        List<Worker> running;
        synchronized (this) {
            stopped = true;
            waiting.clear(); // the server closed every connection as it stopped
            toClose.clear();
            running = new ArrayList<>(workers);
            notifyAll();
        }
        watchdog.interrupt();
        for (Worker worker : running) {
            worker.thread.interrupt();
        }
    }

    private void work(Worker me) {
        current.set(me);
        while (true) {
            Waiting next;
            synchronized (this) {
                long idleUntil = System.nanoTime() + IDLE_NANOS;
                while (waiting.isEmpty()) {
                    long left = idleUntil - System.nanoTime();
                    if (stopped || left <= 0) {
                        workers.remove(me); // threads only while there are requests
                        return;
                    }
                    idle++;
                    try {
                        wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
                    } catch (InterruptedException e) {
                        // stopping, which the loop sees
                    } finally {
                        idle--;
                    }
                }
                if (stopped) {
                    workers.remove(me);
                    return;
                }
                next = waiting.pollFirst();
            }
            if (System.nanoTime() - next.readBy() > 0) {
                closeUnread(next.exchange());
                continue;
            }
            me.reading(next.readBy());
            try {
                next.exchange().run();
            } catch (Throwable e) {
                WeftLog.warnOnce("endpoint:exchange:" + e.getClass().getName(), "endpoint exchange failed: " + e);
            } finally {
                me.done();
            }
        }
    }

    private void watch() {
        while (true) {
            try {
                Thread.sleep(limits.tickMillis());
            } catch (InterruptedException e) {
                return;
            }
            synchronized (this) {
                if (stopped) {
                    return;
                }
            }
            try {
                tick(System.nanoTime());
            } catch (Throwable e) { // even an Error: without this thread no deadline holds
                WeftLog.warnOnce("endpoint:deadlines:" + e.getClass().getName(), "the endpoint's deadlines missed a "
                        + "check (" + e + "); they are checked on");
            }
        }
    }

    private void tick(long now) {
        List<Runnable> unread;
        List<Worker> busy;
        int starved;
        synchronized (this) {
            unread = new ArrayList<>(toClose);
            toClose.clear();
            for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
                Waiting w = it.next();
                if (now - w.readBy() > 0) {
                    it.remove();
                    unread.add(w.exchange());
                }
            }
            busy = new ArrayList<>(workers);
            starved = workers.size() >= limits.maxThreads() ? waiting.size() - idle : 0;
        }
        List<Worker.Reading> readers = new ArrayList<>();
        long yieldAfter = TimeUnit.MILLISECONDS.toNanos(limits.yieldAfterMillis());
        for (Worker worker : busy) {
            if (worker.cutIfLate(now)) {
                cut.incrementAndGet();
                starved--; // its thread is free for a waiting connection
            } else {
                Worker.Reading reading = worker.readingSince();
                if (reading != null && now - reading.since() >= yieldAfter) {
                    readers.add(reading);
                }
            }
        }
        if (starved > 0 && !readers.isEmpty()) {
            readers.sort(Comparator.comparingLong(Worker.Reading::since));
            for (Worker.Reading reading : readers.subList(0, Math.min(starved, readers.size()))) {
                if (reading.worker().cut(reading.number())) {
                    cut.incrementAndGet();
                }
            }
        }
        for (Runnable exchange : unread) {
            closeUnread(exchange);
        }
    }

    /** Closes a connection without reading it: its first read, on an interrupted thread, closes it. */
    private void closeUnread(Runnable exchange) {
        closedUnread.incrementAndGet();
        Thread.currentThread().interrupt();
        try {
            exchange.run();
        } catch (Throwable e) {
            // closed: nothing more to do with it
        } finally {
            Thread.interrupted();
        }
    }

    /** One of the endpoint's threads and what part of an exchange it is in. */
    private static final class Worker {

        private enum Part { IDLE, READING, OWN, WRITING, CUT }

        /** A worker reading a request, as the watchdog saw it. */
        record Reading(Worker worker, long number, long since) {
        }

        Thread thread;
        // guarded by this
        private Part part = Part.IDLE;
        private long deadline;
        private long since;
        private long number;

        synchronized void reading(long readBy) {
            part = Part.READING;
            deadline = readBy;
            since = System.nanoTime();
            number++;
        }

        synchronized boolean own() {
            if (part == Part.CUT) {
                return false;
            }
            part = Part.OWN;
            return true;
        }

        synchronized boolean writing(long writeBy) {
            if (part == Part.CUT) {
                return false;
            }
            part = Part.WRITING;
            deadline = writeBy;
            return true;
        }

        /** The exchange is over; no cut of it can come after this. */
        synchronized void done() {
            part = Part.IDLE;
            Thread.interrupted();
        }

        synchronized Reading readingSince() {
            return part == Part.READING ? new Reading(this, number, since) : null;
        }

        synchronized boolean cutIfLate(long now) {
            if ((part == Part.READING || part == Part.WRITING) && now - deadline > 0) {
                part = Part.CUT;
                thread.interrupt();
                return true;
            }
            return false;
        }

        /** Cuts the reading of exchange {@code number}, if this worker is still at it. */
        synchronized boolean cut(long number) {
            if (part == Part.READING && this.number == number) {
                part = Part.CUT;
                thread.interrupt();
                return true;
            }
            return false;
        }
    }
}
