package acme.orders;

import acme.orders.internal.IdGenerator;

public class OrderService {
    private final OrderRepository repository;
    private final IdGenerator ids = new IdGenerator();

    public OrderService(OrderRepository repository) {
        this.repository = repository;
    }

    public long placeOrder(String item, int qty) {
        Slowdown.pause();
        validate(qty);
        Order order = new Order(ids.next(), normalize(item), qty);
        repository.save(order);
        return order.id();
    }

    public void cancel(long id) {
        if (!repository.delete(id)) {
            throw new OrderNotFoundException(id);
        }
    }

    public Order find(long id) {
        return repository.find(id).orElseThrow(() -> new OrderNotFoundException(id));
    }

    /** An overload of {@link #find(long)}: both share one series. */
    public int find(String item) {
        return normalize(item).length();
    }

    private void validate(int qty) {
        if (qty <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + qty);
        }
    }

    static String normalize(String item) {
        return item.trim().toLowerCase();
    }
}
