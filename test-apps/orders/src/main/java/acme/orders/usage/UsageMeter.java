package acme.orders.usage;

/** Counts what customers use, e.g. tokens per event: a method whose arguments carry business values. */
public class UsageMeter {

    private long total;

    /** Records {@code tokens} used in {@code region} by {@code event}; returns the running total. */
    public synchronized long record(String region, UsageEvent event, int tokens) {
        total += tokens;
        return total;
    }
}
