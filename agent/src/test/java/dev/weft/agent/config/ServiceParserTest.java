package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code service:}. */
class ServiceParserTest {

    private static Sections.Read<ServiceConfig> read(String yaml) {
        return Sections.read(yaml, "service", (reader, node) -> ServiceParser.service(reader, node, "from-the-jar"));
    }

    private static void assertProblemKeepsTheDefault(String expected, String yaml) {
        Sections.assertOneProblem(expected, new ServiceConfig("from-the-jar"), read(yaml));
    }

    @Test
    void theNameIsTrimmed() {
        Sections.Read<ServiceConfig> read = read("service:\n  name: \"  checkout \"\n");
        assertEquals(List.of(), read.problems());
        assertEquals("checkout", read.value().name());
        assertEquals("service checkout", read.value().canonical());
    }

    @Test
    void withoutTheSectionOrANameTheGivenNameIsUsed() {
        assertEquals(new Sections.Read<>(new ServiceConfig("from-the-jar"), List.of()), read("metrics: {}\n"));
        assertEquals(new Sections.Read<>(new ServiceConfig("from-the-jar"), List.of()), read("service:\n"));
        assertEquals(new Sections.Read<>(new ServiceConfig("from-the-jar"), List.of()), read("service:\n  name: \" \"\n"));
    }

    @Test
    void aNameNeedsAValue() {
        assertProblemKeepsTheDefault("weft.yaml:2:8: service.name: needs a value", "service:\n  name:\n");
    }

    @Test
    void aNameIsOneValue() {
        assertProblemKeepsTheDefault("weft.yaml:2:9: service.name: must be a single value, not a list or mapping",
                "service:\n  name: [a, b]\n");
    }

    @Test
    void anUnknownKey() {
        assertProblemKeepsTheDefault("weft.yaml:2:3: service.nme: unknown key (did you mean 'name'?) (known here: name)",
                "service:\n  nme: checkout\n");
    }

    @Test
    void theSectionIsAMapping() {
        assertProblemKeepsTheDefault("weft.yaml:1:10: service: must be a mapping of keys (name)", "service: checkout\n");
    }
}
