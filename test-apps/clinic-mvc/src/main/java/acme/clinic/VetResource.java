package acme.clinic;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import org.springframework.stereotype.Component;

/** Vets are served by JAX-RS (Jersey), beside Spring MVC, under {@code /api}. */
@Component
@Path("/vets")
public class VetResource {

    @GET
    @Path("{vetId}")
    @Produces("text/plain")
    public String vet(@PathParam("vetId") String vetId) {
        return "vet " + vetId;
    }
}
