package dev.weft.bench.reload;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The measured application: loads many classes, keeps calling them from a worker thread, and
 * watches how long its threads are held up. A heartbeat thread wakes every 100 µs; the longest gap
 * between two wake-ups is the longest the JVM stopped it (safepoints, GC, class redefinition).
 *
 * <p>Driven over stdin: {@code reset} starts a new window, {@code max} prints
 * {@code max-gap-ns <n>} for the window so far.
 */
public final class ManyClassesApp {

    private static final long HEARTBEAT_NANOS = 100_000;

    private ManyClassesApp() {
    }

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        Runnable[] instances = new Runnable[count];
        for (int i = 0; i < count; i++) {
            instances[i] = (Runnable) Class.forName(GeneratedClasses.name(i)).getConstructor().newInstance();
        }
        Thread worker = new Thread(() -> {
            while (true) {
                for (Runnable instance : instances) {
                    instance.run();
                }
            }
        }, "worker");
        worker.setDaemon(true);
        worker.start();

        AtomicLong maxGap = new AtomicLong();
        Thread heartbeat = new Thread(() -> {
            long last = System.nanoTime();
            while (true) {
                LockSupport.parkNanos(HEARTBEAT_NANOS);
                long now = System.nanoTime();
                maxGap.accumulateAndGet(now - last, Math::max);
                last = now;
            }
        }, "heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();

        System.out.println("ready " + count + " classes");
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in));
        String command;
        while ((command = commands.readLine()) != null) {
            switch (command.trim()) {
                case "reset" -> {
                    maxGap.set(0);
                    System.out.println("reset");
                }
                case "max" -> System.out.println("max-gap-ns " + maxGap.get());
                default -> System.out.println("unknown " + command);
            }
        }
    }
}
