package acme.jobs;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.web.client.RestClient;

/**
 * Reports sent to a peer by an {@code @Async} method, and heartbeats on a schedule. Run as
 * {@code java -jar jobs-boot.jar --server.port=0 [--spring.threads.virtual.enabled=false]}.
 */
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class JobsApp {

    public static void main(String[] args) {
        SpringApplication.run(JobsApp.class, args);
    }

    @Bean
    RestClient peers() {
        return RestClient.builder().requestFactory(new JdkClientHttpRequestFactory()).build();
    }

    /** The line the tests wait for, with the port the server bound. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> announcePort() {
        return event -> System.out.println("jobs-boot listening on http://127.0.0.1:"
                + event.getApplicationContext().getEnvironment().getProperty("local.server.port")
                + " (Java " + Runtime.version().feature() + ")");
    }
}
