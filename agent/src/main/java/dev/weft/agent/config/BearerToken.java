package dev.weft.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The token the endpoint asks for ({@code Authorization: Bearer <token>}). Its value is never
 * printed: {@link #toString()} names only where it came from.
 *
 * @param source where it was read, e.g. {@code "file /etc/weft/token"} or {@code "environment variable WEFT_TOKEN"}
 */
public record BearerToken(String source, String value) implements EndpointAuth {

    /** True when the {@code Authorization} header carries this token (compared in constant time). */
    @Override
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String challenge() {
        return "Bearer realm=\"weft\"";
    }

    @Override
    public String toString() {
        return "bearer token from " + source;
    }
}
