package acme.orders;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

public class InMemoryOrderRepository extends AbstractRepository {
    private final Map<Long, Order> orders = new ConcurrentHashMap<>();

    @Override
    public void save(Order order) {
        orders.put(order.id(), order);
    }

    @Override
    public Optional<Order> find(long id) {
        checkId(id);
        return Optional.ofNullable(orders.get(id));
    }

    @Override
    public boolean delete(long id) {
        checkId(id);
        return orders.remove(id) != null;
    }

    public int size() {
        return orders.size();
    }
}
