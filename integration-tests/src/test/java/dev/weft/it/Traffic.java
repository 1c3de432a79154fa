package dev.weft.it;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Requests sent to the app over and over from a background thread, as live traffic: counts the
 * answers that were right and keeps every one that was not.
 */
final class Traffic implements AutoCloseable {

    private final Thread thread;
    private final AtomicLong ok = new AtomicLong();
    private final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;

    /** Starts sending {@code GET pathAndQuery}; a right answer has status 200 and starts with {@code expectedPrefix}. */
    Traffic(AppProcess app, String pathAndQuery, String expectedPrefix) {
        thread = new Thread(() -> {
            while (running) {
                try {
                    var response = app.app(pathAndQuery);
                    if (response.statusCode() == 200 && response.body().startsWith(expectedPrefix)) {
                        ok.incrementAndGet();
                    } else {
                        failures.add(response.statusCode() + " " + response.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }, "traffic " + pathAndQuery);
        thread.setDaemon(true);
        thread.start();
    }

    /** Right answers so far. */
    long ok() {
        return ok.get();
    }

    /** Stops after the request in progress; returns the number of right answers. */
    long stop() throws InterruptedException {
        running = false;
        thread.join(30_000);
        return ok.get();
    }

    List<String> failures() {
        return new ArrayList<>(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
