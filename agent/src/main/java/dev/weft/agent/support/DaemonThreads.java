package dev.weft.agent.support;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every thread Weft starts: a daemon, so Weft never keeps a JVM alive whose application is done,
 * and named {@code weft-...}, so a thread dump says whose it is and the HTTP client
 * instrumentation can tell Weft's own requests (OTLP export) from the application's.
 */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /** Threads named {@code name}, or {@code name1}, {@code name2}... when {@code name} ends in '-'. */
    public static ThreadFactory factory(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> thread(name.endsWith("-") ? name + count.incrementAndGet() : name, runnable);
    }

    /** A daemon thread, not started. */
    public static Thread thread(String name, Runnable runnable) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }

    /** Starts a daemon thread and returns it. */
    public static Thread start(String name, Runnable runnable) {
        Thread thread = thread(name, runnable);
        thread.start();
        return thread;
    }
}
