package acme.orders.usage;

/** What happened, with a type read through a getter, the way business objects carry their values. */
public final class UsageEvent {

    private final String type;
    private final Customer customer;
    private final Campaign campaign;

    public UsageEvent(String type, Customer customer) {
        this(type, customer, null);
    }

    public UsageEvent(String type, Customer customer, Campaign campaign) {
        this.type = type;
        this.customer = customer;
        this.campaign = campaign;
    }

    public String getType() {
        return type;
    }

    public Customer customer() {
        return customer;
    }

    /** The campaign, or {@code null} when the use came from none. */
    public Campaign campaign() {
        return campaign;
    }

    /** A record: its accessors are named like its components. */
    public record Customer(String tier) {
    }
}
