package dev.weft.agent.config;

/**
 * {@code exporters.prometheus}: where the endpoint listens and what it asks of a request.
 *
 * @param host where the endpoint binds
 * @param port its port, 0 for any free one
 * @param auth what every endpoint but {@code /health} asks for; {@code null} for none
 * @param tls  HTTPS for the endpoint; {@code null} for plain HTTP
 */
public record PrometheusConfig(String host, int port, EndpointAuth auth, TlsConfig tls) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9464;
    public static final PrometheusConfig DEFAULT = new PrometheusConfig(DEFAULT_HOST, DEFAULT_PORT, null, null);

    public PrometheusConfig withPort(int port) {
        return new PrometheusConfig(host, port, auth, tls);
    }

    /** Everything but the secrets' values: those are compared through {@link #auth} and {@link #tls} themselves. */
    public String canonical() {
        return "prometheus " + host + ':' + port
                + " auth " + (auth == null ? "none" : auth.getClass().getSimpleName() + " " + auth.source())
                + " tls " + (tls == null ? "none" : tls.keystore());
    }
}
