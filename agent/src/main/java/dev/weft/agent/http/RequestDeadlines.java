package dev.weft.agent.http;

import dev.weft.agent.support.DaemonThreads;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Time limits on the parts of an exchange that a client controls: sending its request and reading
 * the answer. The JDK server reads a request on an executor thread, blocking; a client that stops
 * half-way would hold that thread for ever. Past its deadline the thread is interrupted, which
 * closes the connection (a blocking channel read or write gives up when its thread is interrupted).
 * Weft's own work in between (collecting a scrape, a reload) is never cut short.
 */
final class RequestDeadlines {

    static final long READ_MILLIS = 5_000;
    static final long WRITE_MILLIS = 30_000;

    /** Threads in a client-paced part of an exchange, and when that part must be over. */
    private final Map<Thread, Long> deadlines = new ConcurrentHashMap<>();
    private final Thread watchdog;
    private volatile boolean running = true;

    RequestDeadlines() {
        watchdog = DaemonThreads.start("weft-http-deadlines", this::watch);
    }

    /** The exchange, with the time to read its request limited. */
    Runnable limitReading(Runnable exchange) {
        return () -> {
            arm(READ_MILLIS);
            try {
                exchange.run();
            } finally {
                disarm();
                Thread.interrupted(); // a pool thread starts its next exchange clean
            }
        };
    }

    /** The calling thread's client-paced part starts: it has {@code millis} to finish. */
    void arm(long millis) {
        deadlines.put(Thread.currentThread(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** Weft's own work starts on this thread, or the exchange is over: no limit. */
    void disarm() {
        deadlines.remove(Thread.currentThread());
    }

    private void watch() {
        while (running) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            deadlines.forEach((thread, deadline) -> {
                if (now - deadline > 0 && deadlines.remove(thread, deadline)) {
                    thread.interrupt();
                }
            });
        }
    }

    void stop() {
        running = false;
        watchdog.interrupt();
    }
}
