package dev.weft.agent.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The token the endpoint asks for ({@code Authorization: Bearer <token>}). Read from a file, it follows
 * the file ({@link Secret}): a rotated token is taken within a second of its first use. Its value is
 * never printed: {@link #toString()} names only where it came from.
 */
public record BearerToken(Secret token) implements EndpointAuth {

    /** A fixed token; {@code source} says where it came from, e.g. {@code "environment variable WEFT_TOKEN"}. */
    public BearerToken(String source, String value) {
        this(Secret.fixed(source, value));
    }

    /** True when the {@code Authorization} header carries this token (compared in constant time). */
    @Override
    public boolean accepts(String authorizationHeader) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        byte[] given = authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token.value().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String challenge() {
        return "Bearer realm=\"weft\"";
    }

    @Override
    public String source() {
        return token.source();
    }

    @Override
    public String toString() {
        return "bearer token from " + source();
    }
}
