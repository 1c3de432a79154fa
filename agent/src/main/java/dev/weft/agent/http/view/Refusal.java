package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;

/**
 * A request the agent did not carry out, e.g. {@code POST /reload} without a config file.
 *
 * @param status  {@code rejected} or {@code forbidden}
 * @param summary one line for people: why, and what to do instead
 */
public record Refusal(String status, String summary) implements JsonWritable {

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject().name("status").value(status).name("summary").value(summary).endObject();
    }
}
