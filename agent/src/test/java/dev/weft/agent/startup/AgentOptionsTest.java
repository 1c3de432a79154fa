package dev.weft.agent.startup;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgentOptionsTest {

    private static final Map<String, String> NONE = Map.of();

    private static AgentOptions parse(String args) {
        return AgentOptions.parse(args, NONE, NONE);
    }

    @Test
    void allOptions() {
        AgentOptions options = parse("config=/x.yaml,port=0,strict=true,unmatched-after=5");

        assertEquals(List.of(), options.problems());
        assertEquals(Path.of("/x.yaml"), options.config());
        assertEquals("agent option config", options.configSource());
        assertEquals(OptionalInt.of(0), options.port());
        assertTrue(options.strict());
        assertEquals(5, options.unmatchedReportSeconds());
    }

    @Test
    void defaultsWithoutOptions() {
        for (String args : new String[] {null, "", "  "}) {
            AgentOptions options = parse(args);
            assertEquals(List.of(), options.problems());
            assertNull(options.config());
            assertNull(options.configSource());
            assertEquals(OptionalInt.empty(), options.port());
            assertFalse(options.strict());
            assertEquals(30, options.unmatchedReportSeconds());
        }
    }

    @Test
    void watchTakesABooleanOrAPeriod() {
        assertEquals(1000, parse("").watchMillis());
        assertEquals(1000, parse("watch=true").watchMillis());
        assertEquals(0, parse("watch=false").watchMillis());
        assertEquals(5000, parse("watch=5s").watchMillis());
        assertEquals(250, parse("watch=250ms").watchMillis());
        for (String bad : new String[] {"watch=0s", "watch=soon", "watch=-1s", "watch=5m"}) {
            AgentOptions options = parse(bad);
            assertEquals(1000, options.watchMillis(), bad);
            assertEquals(List.of("agent option " + bad + " must be true, false or a period such as 5s or 500ms"),
                    options.problems());
        }
    }

    @Test
    void retransformBatchIsAPositiveCount() {
        assertEquals(256, parse("").retransformBatch());
        assertEquals(500, parse("retransform-batch=500").retransformBatch());
        AgentOptions bad = parse("retransform-batch=0");
        assertEquals(256, bad.retransformBatch());
        assertEquals(List.of("agent option retransform-batch=0 must be a number of classes, 1 or more"), bad.problems());
    }

    @Test
    void spacesAroundKeysAndValuesAreIgnored() {
        AgentOptions options = parse(" config = /x.yaml , port = 8080 ");
        assertEquals(List.of(), options.problems());
        assertEquals(Path.of("/x.yaml"), options.config());
        assertEquals(OptionalInt.of(8080), options.port());
    }

    @Test
    void strictAloneMeansTrue() {
        assertTrue(parse("strict").strict());
        assertTrue(parse("strict=TRUE").strict());
        assertFalse(parse("strict=false").strict());
    }

    @Test
    void badStrict() {
        AgentOptions options = parse("strict=yes");
        assertFalse(options.strict());
        assertEquals(List.of("agent option strict=yes must be true or false"), options.problems());
    }

    @Test
    void unmatchedAfterAcceptsSecondsSuffix() {
        assertEquals(12, parse("unmatched-after=12s").unmatchedReportSeconds());
    }

    @Test
    void badUnmatchedAfter() {
        AgentOptions options = parse("unmatched-after=-3");
        assertEquals(List.of("agent option unmatched-after=-3 must be a number of seconds"), options.problems());
    }

    // ---- where the config comes from ----

    @Test
    void configOptionBeatsSystemPropertyAndEnvironment() {
        AgentOptions options = AgentOptions.parse("config=/from-option.yaml",
                Map.of("weft.config", "/from-property.yaml"), Map.of("WEFT_CONFIG", "/from-env.yaml"));
        assertEquals(Path.of("/from-option.yaml"), options.config());
        assertEquals("agent option config", options.configSource());
    }

    @Test
    void systemPropertyBeatsEnvironment() {
        AgentOptions options = AgentOptions.parse("port=1",
                Map.of("weft.config", " /from-property.yaml "), Map.of("WEFT_CONFIG", "/from-env.yaml"));
        assertEquals(Path.of("/from-property.yaml"), options.config());
        assertEquals("system property weft.config", options.configSource());
    }

    @Test
    void environmentIsTheLastResort() {
        AgentOptions options = AgentOptions.parse(null, Map.of(), Map.of("WEFT_CONFIG", "/from-env.yaml"));
        assertEquals(Path.of("/from-env.yaml"), options.config());
        assertEquals("environment variable WEFT_CONFIG", options.configSource());
    }

    @Test
    void blankSourcesFallThrough() {
        AgentOptions options = AgentOptions.parse("config=",
                Map.of("weft.config", "  "), Map.of("WEFT_CONFIG", "/from-env.yaml"));
        assertEquals(Path.of("/from-env.yaml"), options.config());
        assertEquals("environment variable WEFT_CONFIG", options.configSource());
    }

    // ---- problems ----

    @Test
    void portAboveRange() {
        AgentOptions options = parse("port=70000");
        assertEquals(OptionalInt.empty(), options.port());
        assertEquals(List.of("agent option port=70000 is not a port number (0-65535)"), options.problems());
    }

    @Test
    void portNotANumber() {
        AgentOptions options = parse("port=http");
        assertEquals(OptionalInt.empty(), options.port());
        assertEquals(List.of("agent option port=http is not a port number (0-65535)"), options.problems());
    }

    @Test
    void negativePort() {
        assertEquals(List.of("agent option port=-1 is not a port number (0-65535)"), parse("port=-1").problems());
    }

    @Test
    void unknownOptionWithHint() {
        AgentOptions options = parse("confg=/x.yaml,port=1");
        assertEquals(List.of("agent option 'confg' is unknown (did you mean 'config'?)"
                + " (known: config, port, strict, unmatched-after, watch, retransform-batch)"), options.problems());
        assertNull(options.config(), "the misspelt option is not taken as config");
        assertEquals(OptionalInt.of(1), options.port(), "the other options still apply");
    }

    @Test
    void unknownOptionWithoutHint() {
        assertEquals(List.of("agent option 'verbose' is unknown (known: config, port, strict, unmatched-after, watch, retransform-batch)"),
                parse("verbose=true").problems());
    }

    // ---- service name ----

    @Test
    void serviceNameFromJar() {
        assertEquals("app", ServiceIdentity.defaultServiceName("/path/app.jar arg"));
        assertEquals("orders-1.0", ServiceIdentity.defaultServiceName("orders-1.0.jar"));
    }

    @Test
    void serviceNameFromMainClass() {
        assertEquals("Main", ServiceIdentity.defaultServiceName("com.acme.Main arg"));
        assertEquals("Main", ServiceIdentity.defaultServiceName("Main"));
    }

    @Test
    void serviceNameWithoutCommand() {
        assertEquals("java", ServiceIdentity.defaultServiceName(null));
        assertEquals("java", ServiceIdentity.defaultServiceName(" "));
    }
}
