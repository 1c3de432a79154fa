package dev.weft.agent.trace;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where a client request goes, read once from its URL: the host and port for the metric and the
 * span, and the URL without user info, query or fragment (they may hold secrets) for {@code url.full}.
 *
 * @param address the host, or {@code ""} when the URL has none Weft can read
 * @param port    the port, the scheme's default when the URL names none, {@code 0} when unknown
 * @param url     the URL to show, or {@code null} when it cannot be read
 */
record HttpTarget(String address, int port, String url) {

    static final HttpTarget UNKNOWN = new HttpTarget("", 0, null);

    static HttpTarget of(String url) {
        if (url == null) {
            return UNKNOWN;
        }
        try {
            URI uri = new URI(url);
            String host = uri.getHost();
            if (host == null) {
                return UNKNOWN;
            }
            int port = uri.getPort() > 0 ? uri.getPort()
                    : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 0;
            String shown = new URI(uri.getScheme(), null, host, uri.getPort(), uri.getRawPath() == null ? null
                    : uri.getPath(), null, null).toString();
            return new HttpTarget(host, port, shown);
        } catch (URISyntaxException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
