package dev.weft.agent.reload;

import dev.weft.agent.config.Selector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Says, for the log, which selectors a reload added, changed and removed (matched by name). */
public final class SelectorChanges {

    private SelectorChanges() {
    }

    /** E.g. {@code "added [pricing]; changed [orders]; removed [audit]"}, or empty when all stayed. */
    public static String between(List<Selector> before, List<Selector> after) {
        Map<String, String> old = definitions(before);
        Map<String, String> now = definitions(after);
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        now.forEach((name, definition) -> {
            if (!old.containsKey(name)) {
                added.add(name);
            } else if (!old.get(name).equals(definition)) {
                changed.add(name);
            }
        });
        old.keySet().forEach(name -> {
            if (!now.containsKey(name)) {
                removed.add(name);
            }
        });
        List<String> parts = new ArrayList<>();
        if (!added.isEmpty()) {
            parts.add("added " + added);
        }
        if (!changed.isEmpty()) {
            parts.add("changed " + changed);
        }
        if (!removed.isEmpty()) {
            parts.add("removed " + removed);
        }
        return String.join("; ", parts);
    }

    /** The selectors of {@code after} that are new or defined differently than in {@code before}. */
    public static List<Selector> addedOrChanged(List<Selector> before, List<Selector> after) {
        Map<String, String> old = definitions(before);
        List<Selector> fresh = new ArrayList<>();
        for (Selector selector : after) {
            if (!selector.definition().equals(old.get(selector.name()))) {
                fresh.add(selector);
            }
        }
        return fresh;
    }

    private static Map<String, String> definitions(List<Selector> selectors) {
        Map<String, String> definitions = new LinkedHashMap<>();
        for (Selector selector : selectors) {
            definitions.put(selector.name(), selector.definition());
        }
        return definitions;
    }
}
