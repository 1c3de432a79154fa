package acme.orders.usage;

/** What happened, with a type read through a getter, the way business objects carry their values. */
public final class UsageEvent {

    private final String type;
    private final Customer customer;

    public UsageEvent(String type, Customer customer) {
        this.type = type;
        this.customer = customer;
    }

    public String getType() {
        return type;
    }

    public Customer customer() {
        return customer;
    }

    /** A record: its accessors are named like its components. */
    public record Customer(String tier) {
    }
}
