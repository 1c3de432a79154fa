package dev.weft.agent.http;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the endpoint sends back: status, content type, body, and any header of its own (the server
 * adds {@code Content-Type} and {@code Connection}).
 */
public record Reply(int status, String contentType, byte[] body, Map<String, String> headers) {

    static final String HTML = "text/html; charset=utf-8";
    static final String JSON = "application/json; charset=utf-8";
    static final String TEXT = "text/plain; charset=utf-8";

    public Reply {
        headers = Map.copyOf(headers);
    }

    /** A JSON document. */
    public static Reply json(int status, JsonWritable document) {
        return new Reply(status, JSON, utf8(JsonWriter.render(document)), Map.of());
    }

    static Reply html(String page) {
        return new Reply(200, HTML, utf8(page), Map.of());
    }

    static Reply text(int status, String text) {
        return new Reply(status, TEXT, utf8(text), Map.of());
    }

    /** This reply with one more header. */
    Reply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Reply(status, contentType, body, more);
    }

    /** The body as text, for messages and tests. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
