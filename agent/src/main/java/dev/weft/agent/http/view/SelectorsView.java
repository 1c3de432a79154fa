package dev.weft.agent.http.view;

import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.http.Json;
import dev.weft.agent.metrics.MethodMetrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The {@code /selectors} document: every selector in force and exactly which methods it has woven
 * right now, with their counts. The answer to "is my selector doing anything?".
 */
final class SelectorsView {

    private SelectorsView() {
    }

    static String json(WeftConfig config, Instant appliedAt, List<MethodMetrics.WovenMethod> woven,
                       String lastReloadJson) {
        // Overloads, and copies of a class in several loaders, share one probe: group by probe.
        Map<MethodMetrics.Entry, List<String>> signatures = new IdentityHashMap<>();
        for (MethodMetrics.WovenMethod method : woven) {
            signatures.computeIfAbsent(method.entry(), e -> new ArrayList<>()).add(method.signature());
        }
        List<String> selectors = new ArrayList<>();
        for (Selector selector : config.instrument()) {
            List<MethodMetrics.Entry> probes = new ArrayList<>();
            int methods = 0; // counted as weft_woven_methods counts them: each loader's copy is woven
            for (Map.Entry<MethodMetrics.Entry, List<String>> probe : signatures.entrySet()) {
                if (probe.getKey().selector().equals(selector.name())) {
                    probes.add(probe.getKey());
                    methods += probe.getValue().size();
                }
            }
            probes.sort(Comparator.comparing(MethodMetrics.Entry::className).thenComparing(MethodMetrics.Entry::method));
            List<String> wovenJson = new ArrayList<>();
            for (MethodMetrics.Entry probe : probes) {
                Map<String, String> json = new LinkedHashMap<>();
                json.put("class", Json.quote(probe.className()));
                json.put("method", Json.quote(probe.method()));
                json.put("signatures", Json.strings(new TreeSet<>(signatures.get(probe))));
                json.put("calls", Long.toString(probe.calls()));
                json.put("errors", Long.toString(probe.errors()));
                json.put("inflight", Long.toString(probe.inflight()));
                wovenJson.add(Json.object(json));
            }
            Map<String, String> json = new LinkedHashMap<>();
            json.put("name", Json.quote(selector.name()));
            json.put("line", Integer.toString(selector.line()));
            json.putAll(definition(selector));
            List<String> record = new ArrayList<>();
            for (Recording recording : new TreeSet<>(selector.record())) {
                record.add(recording.name().toLowerCase(Locale.ROOT));
            }
            json.put("record", Json.strings(record));
            json.put("wovenMethods", Integer.toString(methods));
            json.put("woven", Json.array(wovenJson));
            selectors.add(Json.object(json));
        }
        List<String> exclude = new ArrayList<>();
        for (Selector selector : config.exclude()) {
            exclude.add(Json.object(definition(selector)));
        }
        Map<String, String> document = new LinkedHashMap<>();
        document.put("config", Json.quote(config.source()));
        document.put("appliedAt", Json.quote(appliedAt.toString()));
        document.put("lastReload", lastReloadJson);
        document.put("selectors", Json.array(selectors));
        document.put("exclude", Json.array(exclude));
        return Json.object(document);
    }

    /** {@code "class": pattern, "methods": [...]} (or {@code implements}/{@code annotated}). */
    private static Map<String, String> definition(Selector selector) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put(selector.kind().yamlKey(), Json.quote(selector.typeText()));
        json.put("methods", Json.strings(selector.methodTexts()));
        return json;
    }
}
