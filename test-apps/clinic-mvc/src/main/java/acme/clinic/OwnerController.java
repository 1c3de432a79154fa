package acme.clinic;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

@RestController
public class OwnerController {

    private static final Logger LOG = LoggerFactory.getLogger(OwnerController.class);

    private final RestClient pets;
    private final OkHttpClient records;
    private final String recordsUrl;

    OwnerController(RestClient pets, OkHttpClient records, @Value("${clinic.records-url:http://127.0.0.1:9}") String recordsUrl) {
        this.pets = pets;
        this.records = records;
        this.recordsUrl = recordsUrl;
    }

    /** The owner and, from the pets service, their pet. */
    @GetMapping("/owners/{ownerId}")
    String owner(@PathVariable String ownerId) {
        LOG.info("owner {}", ownerId);
        String pet = pets.get().uri("/pets/{petId}", ownerId).retrieve().body(String.class);
        return "owner " + ownerId + " with " + pet;
    }

    /** The pets service asks here for a pet's records, kept by the back end. */
    @GetMapping("/records/{petId}")
    String records(@PathVariable String petId) throws IOException {
        LOG.info("records {}", petId);
        Request request = new Request.Builder().url(recordsUrl + "/orders/place?item=record-" + petId + "&qty=1").build();
        try (Response response = records.newCall(request).execute()) {
            return "records " + response.code() + " " + response.body().string().trim();
        }
    }

    /** Answered on another thread: the request goes async and its response comes later. */
    @GetMapping("/visits/{visitId}")
    CompletableFuture<String> visit(@PathVariable String visitId) {
        return CompletableFuture.supplyAsync(() -> "visit " + visitId,
                CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
    }

    @GetMapping("/health")
    String health() {
        return "up";
    }

    @RequestMapping("/boom/{code}")
    String boom(@PathVariable String code) {
        throw new IllegalStateException("boom " + code);
    }
}
