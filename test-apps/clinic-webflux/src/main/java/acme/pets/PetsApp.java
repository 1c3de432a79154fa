package acme.pets;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/**
 * The pets service: Spring WebFlux on Reactor Netty. A pet comes with its records, which it asks
 * the clinic for through {@link WebClient}, within the reactive chain of the request.
 */
@SpringBootApplication
@RestController
public class PetsApp {

    private static final Logger LOG = LoggerFactory.getLogger(PetsApp.class);

    private final WebClient clinic;

    PetsApp(@Value("${pets.clinic-url:http://127.0.0.1:9}") String clinicUrl) {
        this.clinic = WebClient.builder().baseUrl(clinicUrl).build(); // on Reactor Netty's HttpClient
    }

    public static void main(String[] args) {
        SpringApplication.run(PetsApp.class, args);
    }

    @GetMapping("/pets/{petId}")
    Mono<String> pet(@PathVariable String petId) {
        LOG.info("pet {}", petId);
        return clinic.get().uri("/records/{petId}", petId).retrieve().bodyToMono(String.class)
                .map(records -> "pet " + petId + " (" + records + ")");
    }

    @Bean
    ApplicationListener<ApplicationReadyEvent> announcePort() {
        return event -> System.out.println("clinic-webflux listening on http://127.0.0.1:"
                + event.getApplicationContext().getEnvironment().getProperty("local.server.port")
                + " (Java " + Runtime.version().feature() + ")");
    }
}
