package acme.orders.fulfil;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Work that goes on after the call returns: a shipment future, a reservation Mono, a stock Flux. */
public class Fulfilment {

    private final ScheduledExecutorService carriers = Executors.newScheduledThreadPool(2, task -> {
        Thread thread = new Thread(task, "carrier");
        thread.setDaemon(true);
        return thread;
    });

    /** Completes {@code ms} later on a carrier thread; fails with an IllegalStateException when asked. */
    public CompletableFuture<String> ship(long ms, boolean fail) {
        CompletableFuture<String> shipped = new CompletableFuture<>();
        carriers.schedule(() -> {
            if (fail) {
                shipped.completeExceptionally(new IllegalStateException("carrier lost the parcel"));
            } else {
                shipped.complete("shipped after " + ms + " ms");
            }
        }, ms, TimeUnit.MILLISECONDS);
        return shipped;
    }

    /** A reservation that takes 50 ms and, when asked, fails. */
    public Mono<String> reserve(String item, boolean fail) {
        Mono<String> reserved = Mono.delay(Duration.ofMillis(50)).map(tick -> "reserved " + item);
        return fail ? reserved.flatMap(r -> Mono.error(new IllegalArgumentException("out of " + item))) : reserved;
    }

    /** Stock levels every 10 ms, without end. */
    public Flux<Long> stock() {
        return Flux.interval(Duration.ofMillis(10));
    }
}
