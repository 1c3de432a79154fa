package acme.ledger;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;

/**
 * Three services in one jar, picked by profile: {@code java -jar ledger.jar --spring.profiles.active=api
 * --spring.datasource.url=jdbc:postgresql://... --spring.kafka.bootstrap-servers=...}, {@code worker}
 * (with {@code --ledger.stock=127.0.0.1:PORT}) or {@code stock} (with {@code --ledger.grpc-port=PORT}).
 */
@SpringBootApplication
public class LedgerApp {

    public static void main(String[] args) {
        SpringApplication.run(LedgerApp.class, args);
    }

    /** The line the tests wait for, with the port the server bound. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announcePort() {
        return event -> System.out.println("ledger listening on http://127.0.0.1:"
                + event.getApplicationContext().getEnvironment().getProperty("local.server.port")
                + " (Java " + Runtime.version().feature() + ")");
    }
}
