package dev.weft.agent.config;

/** What the endpoint asks of a request (every path but {@code /health}) when auth is configured. */
public sealed interface EndpointAuth permits BearerToken, BasicCredentials {

    /** True when the {@code Authorization} header carries the right credentials. */
    boolean accepts(String authorizationHeader);

    /** The {@code WWW-Authenticate} value of a 401. */
    String challenge();

    /** Where the secret came from, for messages; never the secret. */
    String source();
}
