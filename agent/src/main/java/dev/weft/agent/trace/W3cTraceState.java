package dev.weft.agent.trace;

import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.TraceStateBuilder;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A {@code tracestate} list exactly as the current W3C grammar allows it. OpenTelemetry's own
 * {@code TraceState.builder()} checks keys against the older grammar (one {@code @} at most, with at
 * most 241 characters before it and 14 after; a key without one starts with a letter) and silently
 * drops any key it rejects, so members such as {@code foo@@bar} or {@code t@vvvvvvvvvvvvvvv}, valid
 * today, would be lost on the way through. The SDK takes a parent's {@link TraceState} as it is into
 * every child span and into the OTLP export, so carrying the members in a {@code TraceState} of our
 * own keeps them wherever the span context goes, with no side channel to keep in step.
 *
 * <p>Immutable; the members keep the order they came in. {@link #toBuilder()} follows the spec's
 * mutation rules (a put key moves to the front, at most 32 members, the right-most removed first),
 * though Weft itself never changes a caller's list.
 */
final class W3cTraceState implements TraceState {

    static final int MAX_MEMBERS = 32;

    /** Keys and values alternating, in order. */
    private final List<String> entries;

    private W3cTraceState(List<String> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    /**
     * The members, as {@code key, value, key, value...}, already valid by the grammar and with no key
     * twice; the empty list gives OpenTelemetry's empty state, which the SDK treats as "none".
     */
    static TraceState of(List<String> keysAndValues) {
        return keysAndValues.isEmpty() ? TraceState.getDefault() : new W3cTraceState(new ArrayList<>(keysAndValues));
    }

    @Override
    public String get(String key) {
        for (int i = 0; i < entries.size(); i += 2) {
            if (entries.get(i).equals(key)) {
                return entries.get(i + 1);
            }
        }
        return null;
    }

    @Override
    public int size() {
        return entries.size() / 2;
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public void forEach(BiConsumer<String, String> consumer) {
        for (int i = 0; i < entries.size(); i += 2) {
            consumer.accept(entries.get(i), entries.get(i + 1));
        }
    }

    @Override
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        forEach(map::put);
        return Collections.unmodifiableMap(map);
    }

    @Override
    public TraceStateBuilder toBuilder() {
        return new Builder(new ArrayList<>(entries));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof W3cTraceState state && state.entries.equals(entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "W3cTraceState" + asMap();
    }

    /** The spec's mutations: a key put moves to the front; an invalid key or value changes nothing. */
    private static final class Builder implements TraceStateBuilder {
        private final List<String> entries;

        Builder(List<String> entries) {
            this.entries = entries;
        }

        @Override
        public TraceStateBuilder put(String key, String value) {
            if (key == null || value == null || !TraceContextHeaders.isKey(key) || !TraceContextHeaders.isValue(value)) {
                return this;
            }
            remove(key);
            entries.add(0, value);
            entries.add(0, key);
            while (entries.size() > 2 * MAX_MEMBERS) {
                entries.remove(entries.size() - 1);
                entries.remove(entries.size() - 1);
            }
            return this;
        }

        @Override
        public TraceStateBuilder remove(String key) {
            for (int i = 0; i < entries.size(); i += 2) {
                if (entries.get(i).equals(key)) {
                    entries.remove(i + 1);
                    entries.remove(i);
                    break;
                }
            }
            return this;
        }

        @Override
        public TraceState build() {
            return of(entries);
        }
    }
}
