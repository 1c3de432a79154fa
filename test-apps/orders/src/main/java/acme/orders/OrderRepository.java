package acme.orders;

import java.util.Optional;

public interface OrderRepository {
    void save(Order order);

    Optional<Order> find(long id);

    boolean delete(long id);
}
