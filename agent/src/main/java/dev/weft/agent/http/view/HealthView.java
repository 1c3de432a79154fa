package dev.weft.agent.http.view;

import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;

import java.util.Map;

/**
 * The {@code GET /health} document: the checks and the worst of them, with what the agent runs.
 *
 * @param config       the config file, or {@code null} without one
 * @param wovenMethods methods woven by each selector, in the config's order
 */
public record HealthView(Health health, String service, String version, String config, int configProblems,
                         Map<String, Integer> wovenMethods, long weaveErrors) implements JsonWritable {

    /** 503 when Weft measures nothing, so that a probe notices; 200 otherwise. */
    public int httpStatus() {
        return health.httpStatus();
    }

    @Override
    public void writeTo(JsonWriter json) {
        json.beginObject().name("status").value(health.status()).name("checks");
        health.writeChecks(json);
        json.name("service").value(service)
                .name("version").value(version)
                .name("config").value(config)
                .name("configProblems").value(configProblems)
                .name("wovenMethods").beginObject();
        wovenMethods.forEach((selector, methods) -> json.name(selector).value(methods));
        json.endObject().name("weaveErrors").value(weaveErrors).endObject();
    }
}
