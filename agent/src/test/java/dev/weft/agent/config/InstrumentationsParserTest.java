package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code instrumentations:}, the built-ins switched on or off by name. */
class InstrumentationsParserTest {

    private static Sections.Read<InstrumentationsConfig> read(String yaml) {
        return Sections.read(yaml, "instrumentations", InstrumentationsParser::instrumentations);
    }

    private static void assertProblemSwitchesNothing(String expected, String yaml) {
        Sections.assertOneProblem(expected, InstrumentationsConfig.NONE, read(yaml));
    }

    @Test
    void switchesInFileOrderWithWhereTheyWereWritten() {
        Sections.Read<InstrumentationsConfig> read = read("""
                instrumentations:
                  servlet: false
                  executors: TRUE
                  jdk-http-server: "false"
                """);
        assertEquals(List.of(), read.problems());
        Map<String, InstrumentationsConfig.Switch> switches = read.value().switches();
        assertEquals(List.of("servlet", "executors", "jdk-http-server"), List.copyOf(switches.keySet()));
        assertEquals(new InstrumentationsConfig.Switch(false, 2, 3), switches.get("servlet"));
        assertEquals(new InstrumentationsConfig.Switch(true, 3, 3), switches.get("executors"));
        assertEquals(new InstrumentationsConfig.Switch(false, 4, 3), switches.get("jdk-http-server"));
    }

    @Test
    void aFlowMapping() {
        assertEquals(Map.of("servlet", new InstrumentationsConfig.Switch(false, 1, 20),
                        "executors", new InstrumentationsConfig.Switch(true, 1, 36)),
                read("instrumentations: {servlet: false, executors: true}").value().switches());
    }

    @Test
    void enabledFallsBackForANameNotWritten() {
        InstrumentationsConfig config = read("instrumentations: {servlet: false, executors: true}").value();
        assertFalse(config.enabled("servlet", true));
        assertTrue(config.enabled("executors", false));
        assertTrue(config.enabled("logging", true));
        assertFalse(config.enabled("logging", false));
    }

    @Test
    void withoutTheSectionNothingIsSwitched() {
        assertEquals(new Sections.Read<>(InstrumentationsConfig.NONE, List.of()), read("service: {name: x}\n"));
        assertEquals(new Sections.Read<>(InstrumentationsConfig.NONE, List.of()), read("instrumentations:\n"));
        assertEquals(new Sections.Read<>(InstrumentationsConfig.NONE, List.of()), read("instrumentations: {}\n"));
    }

    @Test
    void namesAreNotCheckedHere() {
        Sections.Read<InstrumentationsConfig> read = read("instrumentations:\n  no-such-thing: false\n");
        assertEquals(List.of(), read.problems());
        assertEquals(Map.of("no-such-thing", new InstrumentationsConfig.Switch(false, 2, 3)), read.value().switches());
    }

    @Test
    void valuesAreBooleans() {
        assertProblemSwitchesNothing("weft.yaml:2:12: instrumentations.servlet: 'off' must be true or false",
                "instrumentations:\n  servlet: off\n");
        assertProblemSwitchesNothing("weft.yaml:2:11: instrumentations.servlet: needs a value",
                "instrumentations:\n  servlet:\n");
        assertProblemSwitchesNothing("weft.yaml:2:12: instrumentations.servlet: must be a single value, not a list or"
                + " mapping", "instrumentations:\n  servlet: {enabled: false}\n");
    }

    @Test
    void aBadValueDoesNotTakeTheOthersWithIt() {
        Sections.Read<InstrumentationsConfig> read = read("instrumentations:\n  servlet: 0\n  executors: false\n");
        assertEquals(List.of("weft.yaml:2:12: instrumentations.servlet: '0' must be true or false"), read.problems());
        assertEquals(Map.of("executors", new InstrumentationsConfig.Switch(false, 3, 3)), read.value().switches());
    }

    @Test
    void aNameAppearsOnce() {
        Sections.Read<InstrumentationsConfig> read = read("instrumentations:\n  servlet: false\n  servlet: true\n");
        assertEquals(List.of("weft.yaml:3:3: instrumentations.servlet: appears twice"), read.problems());
        assertFalse(read.value().enabled("servlet", true), "the first one stays");
    }

    @Test
    void namesArePlain() {
        assertProblemSwitchesNothing("weft.yaml:2:5: instrumentations: keys must be plain names",
                "instrumentations:\n  ? [a, b]\n  : true\n");
    }

    @Test
    void theSectionIsAMapping() {
        assertProblemSwitchesNothing("weft.yaml:1:19: instrumentations: must be a mapping of instrumentation names to"
                + " true or false, e.g. {servlet: false}", "instrumentations: [servlet]\n");
        assertProblemSwitchesNothing("weft.yaml:1:19: instrumentations: must be a mapping of instrumentation names to"
                + " true or false, e.g. {servlet: false}", "instrumentations: false\n");
    }

    @Test
    void unknownNamesAreReportedWhereTheyWereWritten() {
        InstrumentationsConfig config = read("instrumentations:\n  servlet: false\n  exectors: true\n  zzz: false\n")
                .value();
        assertEquals(List.of(
                        "weft.yaml:3:3: instrumentations.exectors: 'exectors' is not a built-in instrumentation"
                                + " (did you mean 'executors'?) (built in: executors, servlet)",
                        "weft.yaml:4:3: instrumentations.zzz: 'zzz' is not a built-in instrumentation"
                                + " (built in: executors, servlet)"),
                config.unknown("weft.yaml", List.of("servlet", "executors")).stream().map(Object::toString).toList());
        assertEquals(List.of(), config.unknown("weft.yaml", List.of("servlet", "exectors", "zzz")));
    }

    @Test
    void theCanonicalTextIgnoresOrderAndPlace() {
        InstrumentationsConfig one = read("instrumentations: {servlet: false, executors: true}").value();
        InstrumentationsConfig other = read("instrumentations:\n  executors: true\n  servlet: false\n").value();
        assertNotEquals(one, other);
        assertEquals("instrumentations {executors=true, servlet=false}", one.canonical());
        assertEquals(one.canonical(), other.canonical());
        assertNotEquals(one.canonical(), read("instrumentations: {servlet: true, executors: true}").value().canonical());
        assertEquals("instrumentations {}", InstrumentationsConfig.NONE.canonical());
    }

    @Test
    void theLoaderReadsTheSection() {
        ConfigResult result = ConfigLoader.parse("instrumentations:\n  servlet: false\n", "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        assertFalse(result.config().instrumentations().enabled("servlet", true));
        assertTrue(result.config().canonical().endsWith("\ninstrumentations {servlet=false}"),
                result.config().canonical());
        assertEquals(List.of("weft.yaml:2:12: instrumentations.servlet: 'no' must be true or false"),
                ConfigLoader.parse("instrumentations:\n  servlet: no\n", "weft.yaml", "svc").problems().stream()
                        .map(Object::toString).toList());
    }
}
