package dev.weft.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP basic credentials ({@code Authorization: Basic base64(user:password)}), as Prometheus'
 * {@code basic_auth} sends them. A password read from a file follows the file ({@link Secret}). The
 * password is never printed.
 */
public record BasicCredentials(String username, Secret password) implements EndpointAuth {

    /** Fixed credentials; {@code source} says where the password came from. */
    public BasicCredentials(String username, String password, String source) {
        this(username, Secret.fixed(source, password));
    }

    @Override
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(authorizationHeader.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(given, (username + ":" + password.value()).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String challenge() {
        return "Basic realm=\"weft\", charset=\"UTF-8\"";
    }

    /** Where the password came from. */
    @Override
    public String source() {
        return password.source();
    }

    @Override
    public String toString() {
        return "basic credentials for " + username + ", password from " + source();
    }
}
