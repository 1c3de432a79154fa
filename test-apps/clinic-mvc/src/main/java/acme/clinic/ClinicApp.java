package acme.clinic;

import okhttp3.OkHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * A clinic: owners are served here, their pets by another service reached through
 * {@link RestClient} on Apache HttpClient 5, and records by a back end reached through OkHttp.
 * Run as {@code java -jar clinic-mvc.jar --server.port=0 --clinic.pets-url=... --clinic.records-url=...}.
 */
@SpringBootApplication
public class ClinicApp {

    public static void main(String[] args) {
        SpringApplication.run(ClinicApp.class, args);
    }

    @Bean
    RestClient pets(@Value("${clinic.pets-url:http://127.0.0.1:9}") String petsUrl) {
        return RestClient.builder()
                .requestFactory(new HttpComponentsClientHttpRequestFactory(HttpClients.createDefault()))
                .baseUrl(petsUrl)
                .build();
    }

    @Bean
    OkHttpClient records() {
        return new OkHttpClient();
    }

    /** The line the tests wait for, with the port the server bound (the same in Spring Boot 3 and 4). */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announcePort() {
        return event -> System.out.println("clinic-mvc listening on http://127.0.0.1:"
                + event.getApplicationContext().getEnvironment().getProperty("local.server.port")
                + " (Java " + Runtime.version().feature() + ")");
    }
}
