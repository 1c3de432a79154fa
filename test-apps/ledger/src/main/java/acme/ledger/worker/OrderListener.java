package acme.ledger.worker;

import org.springframework.context.annotation.Profile;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.atomic.AtomicInteger;

/** Reserves the stock of every order published on {@code orders}. */
@RestController
@Component
@Profile("worker")
public class OrderListener {

    private final StockClient stock;
    private final AtomicInteger handled = new AtomicInteger();

    public OrderListener(StockClient stock) {
        this.stock = stock;
    }

    /** {@code id:item:quantity}. */
    @KafkaListener(topics = "orders")
    public void onOrder(String order) {
        String[] parts = order.split(":");
        String left = stock.reserve(parts[1], Integer.parseInt(parts[2]));
        System.out.println("order " + parts[0] + " reserved, " + left + " " + parts[1] + " left");
        handled.incrementAndGet();
    }

    /** How many orders were handled, for whoever waits on the worker. */
    @GetMapping("/handled")
    public int handled() {
        return handled.get();
    }
}
