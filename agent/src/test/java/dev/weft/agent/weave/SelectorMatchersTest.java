package dev.weft.agent.weave;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Selector;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SelectorMatchersTest {

    private static Selector selector(String classPattern) {
        ConfigResult result = ConfigLoader.parse("instrument:\n  - name: greedy\n    class: '" + classPattern + "'\n",
                "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config().instrument().get(0);
    }

    @Test
    void aRegexThatBacktracksWithoutEndGivesUpOnTheNameAndSaysSoOnce() {
        // Not a nested unbounded repetition, so the config takes it; on a name of many a's it would read
        // the name on the order of 40^20 times.
        Selector greedy = selector("regex:(.*a){20}b");
        String name = "acme." + "a".repeat(40);
        PrintStream original = System.err;
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        System.setErr(new PrintStream(said, true, StandardCharsets.UTF_8));
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                assertFalse(SelectorMatchers.nameMatches(greedy, name), "treated as unmatched");
                assertFalse(SelectorMatchers.nameMatches(greedy, name + "x"));
                assertFalse(SelectorMatchers.nameMatches(greedy, name + "y"));
                for (int i = 0; i < 1000; i++) { // past three give-ups the pattern is not run any more
                    assertFalse(SelectorMatchers.nameMatches(greedy, name + i));
                }
            });
        } finally {
            System.setErr(original);
        }
        assertEquals(3, SelectorMatchers.giveUps(greedy, "regex:(.*a){20}b"), "1,000 more names cost no budget");
        List<String> lines = said.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "said once: " + lines);
        assertEquals("[weft] WARN selector 'greedy': regex:(.*a){20}b gave up on '" + name + "' after 1000000 character "
                + "reads (it backtracks too much): that name counts as unmatched, and after 3 such names the pattern "
                + "matches nothing more until the config changes it. Simplify the pattern. Said once.", lines.get(0));
        assertTrue(SelectorMatchers.nameMatches(selector("regex:(.*a){2}b"), "acme.orders.Tab"),
                "the same shape, bounded low, matches as before");
    }

    @Test
    void regexesThatBehaveMatchAsBefore() {
        Selector services = selector("regex:acme\\.orders\\..*Service");
        assertTrue(SelectorMatchers.nameMatches(services, "acme.orders.OrderService"));
        assertFalse(SelectorMatchers.nameMatches(services, "acme.orders.OrderRepository"));
        Selector glob = selector("acme.**.*Service");
        assertTrue(SelectorMatchers.nameMatches(glob, "acme.orders.pricing.PriceService"));
    }

    private static Selector methodAnnotated(String pattern) {
        ConfigResult result = ConfigLoader.parse("instrument:\n  - name: annotated\n    method-annotated: '" + pattern + "'\n",
                "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config().instrument().get(0);
    }

    @Test
    void methodAnnotationsMatchByTheirNamesWithNoClassToLoad() {
        // neither class is on this class path: a name is all a method annotation needs
        List<String> annotations = List.of("org.springframework.scheduling.annotation.Scheduled",
                "io.micrometer.core.annotation.Timed");
        assertTrue(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("io.micrometer.core.annotation.Timed"), annotations));
        assertTrue(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("io.micrometer.**"), annotations));
        assertTrue(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("regex:.*\\.Sch.*"), annotations));
        assertFalse(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("io.micrometer.*.Timed"), annotations),
                "* stays within one package segment");
        assertFalse(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("io.micrometer.core.annotation.Timed"),
                List.of()));
        assertTrue(SelectorMatchers.carriesMethodAnnotation(methodAnnotated("acme.Outer$Inner"), List.of("acme.Outer$Inner")),
                "a nested annotation by its binary name");
        assertTrue(SelectorMatchers.carriesMethodAnnotation(selector("acme.A"), List.of()),
                "a selector without method-annotated takes methods with or without annotations");
    }
}
