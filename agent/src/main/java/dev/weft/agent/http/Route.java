package dev.weft.agent.http;

import com.sun.net.httpserver.Headers;
import dev.weft.agent.config.EndpointAuth;

import java.io.IOException;
import java.util.List;

/**
 * One path of the endpoint: the methods it answers, whether it asks for the configured
 * credentials, and what it answers.
 *
 * @param methods       e.g. {@link Routes#READ}; any other method gets a 405
 * @param authenticated true when a request must carry the credentials, if any are configured
 */
record Route(String path, List<String> methods, boolean authenticated, Handler handler) {

    Route {
        methods = List.copyOf(methods);
    }

    /**
     * A request that passed the method and credential checks, as its handler sees it.
     *
     * @param auth the credentials the endpoint asks for, or {@code null} when it is open
     */
    record Request(Headers headers, EndpointAuth auth) {
    }

    @FunctionalInterface
    interface Handler {
        Reply answer(Request request) throws IOException;
    }
}
