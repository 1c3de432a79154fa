package acme.orders.internal;

import java.util.concurrent.atomic.AtomicLong;

public class IdGenerator {
    private final AtomicLong next = new AtomicLong();

    public long next() {
        return next.incrementAndGet();
    }
}
