package dev.weft.agent.builtin;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.WeftConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the built-ins follow: a reload re-installs them only when tracing or a switch changes. */
class BuiltInLifecycleTest {

    private static final String TRACED = """
            instrument:
              - {name: orders, class: acme.Orders, trace: true}
            """;

    private static BuiltInLifecycle.Selection selection(String yaml) {
        WeftConfig config = ConfigLoader.parse(yaml, "weft.yaml", "svc").config();
        return new BuiltInLifecycle(null).follows(config);
    }

    @Test
    void followsTracingAndTheSwitchesByValue() {
        assertEquals(new BuiltInLifecycle.Selection(true, Map.of("servlet", false)),
                selection(TRACED + "instrumentations: {servlet: false}\n"));
        assertFalse(selection("instrument: [{name: orders, class: acme.Orders}]\n").tracing());
        assertTrue(selection("exporters: {otlp: {}}\n").tracing(), "OTLP export alone needs them too");
    }

    @Test
    void whereASwitchIsWrittenDoesNotCountItsValueDoes() {
        assertEquals(selection(TRACED + "instrumentations: {servlet: false}\n"),
                selection("# moved down a line\n" + TRACED + "instrumentations:\n  servlet: false\n"));
        assertNotEquals(selection(TRACED + "instrumentations: {servlet: false}\n"),
                selection(TRACED + "instrumentations: {servlet: true}\n"));
    }
}
