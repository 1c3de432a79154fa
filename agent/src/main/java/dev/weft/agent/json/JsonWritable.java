package dev.weft.agent.json;

/** A value that writes itself as one JSON value: a view's record, or a small document as a lambda. */
@FunctionalInterface
public interface JsonWritable {

    void writeTo(JsonWriter json);
}
