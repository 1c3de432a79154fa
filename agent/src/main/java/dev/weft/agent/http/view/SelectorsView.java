package dev.weft.agent.http.view;

import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.json.JsonWritable;
import dev.weft.agent.json.JsonWriter;
import dev.weft.agent.metrics.MethodMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code /selectors} document: every selector in force and exactly which methods it has woven
 * right now, with their counts. The answer to "is my selector doing anything?".
 *
 * @param appliedAt  when the config in force was put in force
 * @param lastReload what became of the last reload, or {@code null} before the first
 */
public record SelectorsView(WeftConfig config, Instant appliedAt, List<MethodMetrics.WovenMethod> woven,
                            JsonWritable lastReload) implements JsonWritable {

    @Override
    public void writeTo(JsonWriter json) {
        // Overloads, and copies of a class in several loaders, share one probe: group by probe.
        Map<MethodMetrics.Entry, List<String>> signatures = new IdentityHashMap<>();
        for (MethodMetrics.WovenMethod method : woven) {
            signatures.computeIfAbsent(method.entry(), e -> new ArrayList<>()).add(method.signature());
        }
        json.beginObject()
                .name("config").value(config.source())
                .name("appliedAt").value(appliedAt.toString())
                .name("lastReload").value(lastReload)
                .name("selectors").beginArray();
        for (Selector selector : config.instrument()) {
            selector(json, selector, signatures);
        }
        json.endArray().name("exclude").beginArray();
        for (Selector selector : config.exclude()) {
            definition(json.beginObject(), selector).endObject();
        }
        json.endArray().endObject();
    }

    private static void selector(JsonWriter json, Selector selector, Map<MethodMetrics.Entry, List<String>> signatures) {
        List<MethodMetrics.Entry> probes = new ArrayList<>();
        int methods = 0; // counted as weft_woven_methods counts them: each loader's copy is woven
        for (Map.Entry<MethodMetrics.Entry, List<String>> probe : signatures.entrySet()) {
            if (probe.getKey().selector().equals(selector.name())) {
                probes.add(probe.getKey());
                methods += probe.getValue().size();
            }
        }
        probes.sort(Comparator.comparing(MethodMetrics.Entry::className).thenComparing(MethodMetrics.Entry::method));
        List<String> record = new ArrayList<>();
        for (Recording recording : new TreeSet<>(selector.record())) {
            record.add(recording.name().toLowerCase(Locale.ROOT));
        }
        json.beginObject().name("name").value(selector.name()).name("line").value(selector.line());
        definition(json, selector)
                .name("record").strings(record)
                .name("wovenMethods").value(methods)
                .name("woven").beginArray();
        for (MethodMetrics.Entry probe : probes) {
            json.beginObject()
                    .name("class").value(probe.className())
                    .name("method").value(probe.method())
                    .name("signatures").strings(new TreeSet<>(signatures.get(probe)))
                    .name("calls").value(probe.calls())
                    .name("errors").value(probe.errors())
                    .name("inflight").value(probe.inflight())
                    .endObject();
        }
        json.endArray().endObject();
    }

    /**
     * {@code "class": pattern, "methods": [...]} (or {@code implements}/{@code annotated}), with
     * {@code Selector.METHOD_ANNOTATED: pattern} when the selector has it; each key only as written.
     */
    private static JsonWriter definition(JsonWriter json, Selector selector) {
        if (selector.kind() != null) {
            json.name(selector.kind().yamlKey()).value(selector.typeText());
        }
        if (selector.methodAnnotationText() != null) {
            json.name(Selector.METHOD_ANNOTATED).value(selector.methodAnnotationText());
        }
        return json.name("methods").strings(selector.methodTexts());
    }
}
