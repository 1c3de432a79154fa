package dev.weft.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * HTTP basic credentials ({@code Authorization: Basic base64(user:password)}), as Prometheus'
 * {@code basic_auth} sends them. The password is never printed.
 *
 * @param source where the password was read
 */
public record BasicCredentials(String username, String password, String source) implements EndpointAuth {

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
        return MessageDigest.isEqual(given, (username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String challenge() {
        return "Basic realm=\"weft\", charset=\"UTF-8\"";
    }

    @Override
    public String toString() {
        return "basic credentials for " + username + ", password from " + source;
    }
}
