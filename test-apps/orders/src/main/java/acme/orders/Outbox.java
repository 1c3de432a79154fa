package acme.orders;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Deliveries to another service, made by one worker thread of its own that drains a queue of plain
 * data objects: the hand-rolled queue many services have, which hands over what to send but not
 * the trace of the request that asked for it.
 */
public class Outbox {

    /** One thing to deliver, and its answer once delivered. */
    static final class Delivery {
        final String url;
        final CountDownLatch done = new CountDownLatch(1);
        volatile String answer;

        Delivery(String url) {
            this.url = url;
        }
    }

    private final BlockingQueue<Delivery> queue = new LinkedBlockingQueue<>();
    private final HttpClient client = HttpClient.newHttpClient();

    public Outbox() {
        Thread worker = new Thread(this::drain, "outbox-worker");
        worker.setDaemon(true);
        worker.start();
    }

    /** Queues a delivery to {@code url} and waits for its answer. */
    public String send(String url) throws InterruptedException {
        Delivery delivery = new Delivery(url);
        queue.add(delivery);
        if (!delivery.done.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not delivered in 30 s: " + url);
        }
        return delivery.answer;
    }

    private void drain() {
        while (true) {
            try {
                Delivery delivery = queue.take();
                try {
                    delivery.answer = deliver(delivery);
                } catch (Exception e) {
                    delivery.answer = "failed: " + e;
                } finally {
                    delivery.done.countDown();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private String deliver(Delivery delivery) throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(delivery.url)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() + " " + response.body().trim();
    }
}
