package dev.weft.agent.reload;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.Selector;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SelectorChangesTest {

    private static List<Selector> selectors(String yaml) {
        return ConfigLoader.parse(yaml, "weft.yaml", "svc").config().instrument();
    }

    @Test
    void namesWhatWasAddedChangedAndRemoved() {
        List<Selector> before = selectors("""
                instrument:
                  - {name: a, class: x.A}
                  - {name: b, class: x.B, methods: [run]}
                  - {name: c, class: x.C}
                """);
        List<Selector> after = selectors("""
                instrument:
                  - {name: a, class: x.A}
                  - {name: b, class: x.B, methods: [run, stop]}
                  - {name: d, class: x.D}
                """);
        assertEquals("added [d]; changed [b]; removed [c]", SelectorChanges.between(before, after));
        assertEquals(List.of("b", "d"), SelectorChanges.addedOrChanged(before, after).stream().map(Selector::name).toList());
    }

    @Test
    void sameSelectorsWrittenDifferentlyAreNoChange() {
        List<Selector> before = selectors("""
                instrument:
                  - {name: a, class: x.A, record: [timer, errors]}
                """);
        List<Selector> after = selectors("""
                instrument:
                  - name: a
                    class: x.A
                    record: [errors, timer]
                """);
        assertEquals("", SelectorChanges.between(before, after));
    }

    @Test
    void aChangedRecordIsAChange() {
        assertEquals("changed [a]", SelectorChanges.between(
                selectors("instrument: [{name: a, class: x.A, record: [count]}]"),
                selectors("instrument: [{name: a, class: x.A, record: [timer]}]")));
    }
}
