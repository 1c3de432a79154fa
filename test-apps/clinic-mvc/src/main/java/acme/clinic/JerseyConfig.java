package acme.clinic;

import org.glassfish.jersey.server.ResourceConfig;
import org.springframework.context.annotation.Configuration;

/** Jersey's servlet, mapped at {@code spring.jersey.application-path}. */
@Configuration
public class JerseyConfig extends ResourceConfig {

    public JerseyConfig() {
        register(VetResource.class);
    }
}
