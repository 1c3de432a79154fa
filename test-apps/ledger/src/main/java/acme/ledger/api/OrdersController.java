package acme.ledger.api;

import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Profile("api")
public class OrdersController {

    private final OrderBook orders;

    public OrdersController(OrderBook orders) {
        this.orders = orders;
    }

    /** Places an order; answers its id once it is stored and published. */
    @PostMapping("/orders/{item}")
    @ResponseStatus(HttpStatus.CREATED)
    public String place(@PathVariable String item, @RequestParam int qty) throws Exception {
        return Long.toString(orders.place(item, qty));
    }
}
