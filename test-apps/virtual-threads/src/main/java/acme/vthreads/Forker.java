package acme.vthreads;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/** Hands a call to the peer to a new thread in each of the ways Java 21 and later offer, and waits for it. */
public class Forker {

    /** Hands the call over {@code via} one of the ways; the answer says where it ran and what the peer received. */
    public String fork(String via, String peer) throws Exception {
        return handOver(via, peer);
    }

    /** The same hand-over, from a method no selector names. */
    public String detached(String via, String peer) throws Exception {
        return handOver(via, peer);
    }

    private String handOver(String via, String peer) throws Exception {
        AtomicReference<String> out = new AtomicReference<>();
        Runnable call = () -> out.set(call(via, peer));
        switch (via) {
            case "start" -> Thread.ofVirtual().name("hop-virtual").start(call).join();
            case "unstarted" -> {
                Thread thread = Thread.ofVirtual().unstarted(call);
                thread.start();
                thread.join();
            }
            case "startVirtualThread" -> Thread.startVirtualThread(call).join();
            case "factory" -> {
                ThreadFactory factory = Thread.ofVirtual().name("hop-factory-", 0).factory();
                Thread thread = factory.newThread(call);
                thread.start();
                thread.join();
            }
            case "per-task" -> {
                try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
                    return executor.submit(() -> call(via, peer)).get();
                }
            }
            case "per-task-platform" -> {
                try (ExecutorService executor = Executors.newThreadPerTaskExecutor(
                        Thread.ofPlatform().name("hop-platform-", 0).factory())) {
                    executor.execute(call);
                }
            }
            case "scope" -> {
                return Scoped.call(() -> call(via, peer));
            }
            default -> throw new IllegalArgumentException("no hand-over '" + via + "'");
        }
        return out.get();
    }

    /** Calls the peer, which answers the traceparent it received. */
    private static String call(String via, String peer) {
        try {
            HttpURLConnection connection = (HttpURLConnection) URI.create(peer).toURL().openConnection();
            try (InputStream in = connection.getInputStream()) {
                Thread thread = Thread.currentThread();
                return via + " on " + (thread.isVirtual() ? "virtual " : "platform ") + thread.getName() + " "
                        + new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A structured task scope (a preview API in Java 25) with one subtask. */
    private static final class Scoped {
        static String call(java.util.concurrent.Callable<String> task) throws InterruptedException {
            try (var scope = StructuredTaskScope.open()) {
                StructuredTaskScope.Subtask<String> subtask = scope.fork(task);
                scope.join();
                return subtask.get();
            }
        }
    }
}
