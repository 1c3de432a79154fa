package acme.orders;

import acme.orders.audit.Logged;
import io.micrometer.core.annotation.Timed;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Stock per item. Its {@code @Timed} methods are Micrometer's annotation, which the service was
 * compiled against but does not ship: at run time the annotation's class is absent, as in a
 * service that dropped Micrometer and kept its annotations.
 */
public class Inventory {

    private final ConcurrentHashMap<String, Integer> stock = new ConcurrentHashMap<>();

    @Logged
    public int reserve(String item, int qty) {
        return stock.merge(item, -qty, Integer::sum);
    }

    @Logged
    public int release(String item, int qty) {
        return stock.merge(item, qty, Integer::sum);
    }

    @Timed("inventory.restock")
    public int restock(String item) {
        return stock.merge(item, 10, Integer::sum);
    }

    @Timed("inventory.level")
    public int level(String item) {
        return stock.getOrDefault(item, 0);
    }
}
