package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;

/** The {@code GET /version} document: the agent's version, the JDK it runs on, the service. */
public record VersionView(String agent, String java, String javaVendor, String javaRuntime, String service)
        implements JsonWritable {

    /** The agent and service with this JVM's {@code java.version}, {@code java.vendor} and {@code java.runtime.name}. */
    public static VersionView of(String agent, String service) {
        return new VersionView(agent, System.getProperty("java.version"), System.getProperty("java.vendor"),
                System.getProperty("java.runtime.name"), service);
    }

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject()
                .name("agent").value(agent)
                .name("java").value(java)
                .name("javaVendor").value(javaVendor)
                .name("javaRuntime").value(javaRuntime)
                .name("service").value(service)
                .endObject();
    }
}
