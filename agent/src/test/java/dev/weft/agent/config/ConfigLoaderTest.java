package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest {

    private static final List<Double> DOCUMENTED_DEFAULT_BUCKETS = List.of(
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0);

    private static ConfigResult parse(String yaml) {
        return ConfigLoader.parse(yaml, "weft.yaml", "svc");
    }

    /** Parses YAML expected to hold exactly one problem and returns it. */
    private static ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> problems = parse(yaml).problems();
        assertEquals(1, problems.size(), () -> "expected exactly one problem, got " + problems);
        return problems.get(0);
    }

    private static void assertOneProblem(String expected, String yaml) {
        assertEquals(expected, onlyProblem(yaml).toString());
    }

    // ---- a valid config ----

    private static final String FULL = """
            service:
              name: checkout
            instrument:
              - name: cart
                class: acme.shop.Cart
                methods: [add*, "remove?", "regex:get(Total|Items)"]
                record: [timer, count, errors, inflight]
              - name: repos
                implements: "acme.shop.**.Repository"
                record: [count]
              - name: audited
                annotated: acme.audit.Audited
            exclude:
              - class: "acme.shop.internal.**"
              - class: acme.shop.Cart
                methods: [debug*]
            exporters:
              prometheus:
                host: 0.0.0.0
                port: 9999
            metrics:
              buckets: [0.01, 0.1, 1]
            """;

    @Test
    void fullConfigHasNoProblems() {
        assertEquals(List.of(), parse(FULL).problems());
    }

    @Test
    void fullConfigServiceAndExporter() {
        WeftConfig config = parse(FULL).config();

        assertEquals("weft.yaml", config.source());
        assertEquals("checkout", config.serviceName());
        assertEquals("0.0.0.0", config.prometheus().host());
        assertEquals(9999, config.prometheus().port());
        assertEquals(List.of(0.01, 0.1, 1.0), config.metrics().bucketsSeconds());
    }

    @Test
    void fullConfigSelectorsOfEachKind() {
        List<Selector> instrument = parse(FULL).config().instrument();
        assertEquals(List.of("cart", "repos", "audited"), instrument.stream().map(Selector::name).toList());

        Selector cart = instrument.get(0);
        assertEquals(TypeMatchKind.CLASS, cart.kind());
        assertEquals("acme.shop.Cart", cart.typeText());
        assertTrue(cart.exactType());
        assertTrue(cart.typePattern().matcher("acme.shop.Cart").matches());
        assertFalse(cart.typePattern().matcher("acme.shop.Carts").matches());
        assertEquals(Set.of(Recording.TIMER, Recording.COUNT, Recording.ERRORS, Recording.INFLIGHT), cart.record());
        assertEquals(4, cart.line());

        List<Pattern> methods = cart.methods();
        assertEquals(3, methods.size());
        assertTrue(methods.get(0).matcher("addItem").matches());
        assertTrue(methods.get(1).matcher("removeX").matches());
        assertFalse(methods.get(1).matcher("removeAll").matches());
        assertTrue(methods.get(2).matcher("getTotal").matches());
        assertFalse(methods.get(2).matcher("getOther").matches());

        Selector repos = instrument.get(1);
        assertEquals(TypeMatchKind.IMPLEMENTS, repos.kind());
        assertEquals("acme.shop.**.Repository", repos.typeText());
        assertFalse(repos.exactType());
        assertTrue(repos.typePattern().matcher("acme.shop.db.jdbc.Repository").matches());
        assertEquals(Set.of(Recording.COUNT), repos.record());
        assertEquals(List.of(), repos.methods());
        assertEquals(8, repos.line());

        Selector audited = instrument.get(2);
        assertEquals(TypeMatchKind.ANNOTATED, audited.kind());
        assertEquals("acme.audit.Audited", audited.typeText());
        assertEquals(Set.of(Recording.TIMER, Recording.ERRORS), audited.record(), "record defaults to timer, errors");
        assertEquals(11, audited.line());
    }

    @Test
    void fullConfigExcludes() {
        List<Selector> exclude = parse(FULL).config().exclude();
        assertEquals(2, exclude.size());

        Selector internal = exclude.get(0);
        assertEquals("exclude[0]", internal.name());
        assertEquals(TypeMatchKind.CLASS, internal.kind());
        assertTrue(internal.typePattern().matcher("acme.shop.internal.deep.Helper").matches());
        assertEquals(List.of(), internal.methods());
        assertEquals(Set.of(), internal.record(), "exclusions record nothing");

        Selector debug = exclude.get(1);
        assertEquals("exclude[1]", debug.name());
        assertEquals(1, debug.methods().size());
        assertTrue(debug.methods().get(0).matcher("debugDump").matches());
        assertFalse(debug.methods().get(0).matcher("dump").matches());
    }

    @Test
    void defaults() {
        ConfigResult result = parse("""
                instrument:
                  - name: a
                    class: acme.A
                """);
        assertEquals(List.of(), result.problems());
        WeftConfig config = result.config();

        assertEquals("svc", config.serviceName());
        assertEquals("127.0.0.1", config.prometheus().host());
        assertEquals(9464, config.prometheus().port());
        assertEquals(DOCUMENTED_DEFAULT_BUCKETS, config.metrics().bucketsSeconds());
        assertEquals(List.of(), config.exclude());
        assertEquals(1, config.instrument().size());
        Selector a = config.instrument().get(0);
        assertEquals(Set.of(Recording.TIMER, Recording.ERRORS), a.record());
        assertEquals(List.of(), a.methods(), "no methods key selects every method");
    }

    @Test
    void emptyFileIsAnEmptyConfig() {
        ConfigResult result = parse("");
        assertEquals(List.of(), result.problems());
        assertEquals(List.of(), result.config().instrument());
        assertEquals("svc", result.config().serviceName());
        assertEquals(9464, result.config().prometheus().port());
    }

    @Test
    void singleScalarCountsAsAListOfOne() {
        ConfigResult result = parse("""
                instrument:
                  - name: a
                    class: acme.A
                    methods: run
                    record: count
                """);
        assertEquals(List.of(), result.problems());
        Selector a = result.config().instrument().get(0);
        assertEquals(Set.of(Recording.COUNT), a.record());
        assertEquals(1, a.methods().size());
        assertTrue(a.methods().get(0).matcher("run").matches());
    }

    // ---- one problem each ----

    @Test
    void yamlSyntaxError() {
        ConfigResult result = parse("""
                service:
                  name: checkout: extra
                """);
        assertEquals(1, result.problems().size());
        ConfigProblem problem = result.problems().get(0);
        assertEquals("weft.yaml", problem.file());
        assertEquals(2, problem.line());
        assertEquals(17, problem.column());
        assertEquals("", problem.key());
        assertEquals("not valid YAML: mapping values are not allowed here", problem.message());
        assertEquals("weft.yaml:2:17: not valid YAML: mapping values are not allowed here", problem.toString());
        assertEquals(List.of(), result.config().instrument(), "nothing is woven from a broken file");
        assertEquals("svc", result.config().serviceName());
    }

    @Test
    void unknownTopLevelKeyWithHint() {
        assertOneProblem("weft.yaml:1:1: servce: unknown key (did you mean 'service'?)"
                        + " (known here: service, instrument, exclude, slos, exporters, metrics, tracing, instrumentations)",
                """
                servce:
                  name: checkout
                """);
    }

    @Test
    void unknownTopLevelKeyFarFromAnyKnownKeyHasNoHint() {
        assertOneProblem("weft.yaml:2:1: logging: unknown key"
                        + " (known here: service, instrument, exclude, slos, exporters, metrics, tracing, instrumentations)",
                """
                service: {name: x}
                logging: true
                """);
    }

    @Test
    void unknownSelectorKeySkipsTheSelector() {
        ConfigResult result = parse("""
                instrument:
                  - name: a
                    class: acme.A
                    methds: [run]
                """);
        assertEquals(1, result.problems().size());
        assertEquals("weft.yaml:4:5: instrument[0].methds: unknown key (did you mean 'methods'?)"
                        + " (known here: name, class, implements, annotated, method-annotated, methods, record, trace, span-name, metric, labels, value, async); instrument entry skipped",
                result.problems().get(0).toString());
        assertEquals(List.of(), result.config().instrument());
    }

    @Test
    void nameIsNotAnExcludeKey() {
        assertOneProblem("weft.yaml:2:5: exclude[0].name: unknown key"
                        + " (known here: class, implements, annotated, method-annotated, methods); exclude entry skipped",
                """
                exclude:
                  - name: x
                    class: acme.A
                """);
    }

    @Test
    void missingName() {
        assertOneProblem("weft.yaml:3:5: instrument[1].name: is required (it becomes the 'selector' label);"
                        + " instrument entry skipped",
                """
                instrument:
                  - {name: a, class: acme.A}
                  - class: acme.B
                    methods: [run]
                """);
    }

    @Test
    void emptyName() {
        // SnakeYAML places an empty value right after its key's colon.
        assertOneProblem("weft.yaml:2:10: instrument[0].name: needs a value; instrument entry skipped",
                """
                instrument:
                  - name:
                    class: acme.B
                """);
    }

    @Test
    void duplicateName() {
        ConfigResult result = parse("""
                instrument:
                  - name: orders
                    class: acme.A
                  - name: orders
                    class: acme.B
                """);
        assertEquals(1, result.problems().size());
        assertEquals("weft.yaml:4:11: instrument[1].name: 'orders' is already the name of an earlier selector;"
                        + " names must be unique; instrument entry skipped",
                result.problems().get(0).toString());
        List<Selector> instrument = result.config().instrument();
        assertEquals(1, instrument.size());
        assertEquals("acme.A", instrument.get(0).typeText(), "the first one stays");
    }

    @Test
    void twoOfClassImplementsAnnotated() {
        assertOneProblem("weft.yaml:4:17: instrument[0].implements: use only one of class, implements, annotated"
                        + " (already has class); instrument entry skipped",
                """
                instrument:
                  - name: a
                    class: acme.A
                    implements: acme.I
                """);
    }

    @Test
    void implementsAndAnnotated() {
        assertOneProblem("weft.yaml:4:16: instrument[0].annotated: use only one of class, implements, annotated"
                        + " (already has implements); instrument entry skipped",
                """
                instrument:
                  - name: a
                    implements: acme.I
                    annotated: acme.Ann
                """);
    }

    @Test
    void noneOfClassImplementsAnnotated() {
        assertOneProblem("weft.yaml:2:5: instrument[0]: needs one of class, implements, annotated, method-annotated;"
                        + " instrument entry skipped",
                """
                instrument:
                  - name: a
                    methods: [run]
                """);
    }

    @Test
    void emptyDotSegmentInClassGlob() {
        assertOneProblem("weft.yaml:3:12: instrument[0].class: 'acme..x' has an empty name segment (check the dots);"
                        + " instrument entry skipped",
                """
                instrument:
                  - name: a
                    class: acme..x
                """);
    }

    @Test
    void badCharacterInClassGlob() {
        assertOneProblem("weft.yaml:3:17: instrument[0].implements: 'a.b-c' has '-', which cannot appear in a Java"
                        + " class name (use regex: for regular expressions); instrument entry skipped",
                """
                instrument:
                  - name: a
                    implements: a.b-c
                """);
    }

    @Test
    void badGlobInExcludeClass() {
        assertOneProblem("weft.yaml:2:12: exclude[0].class: 'acme.**.' has an empty name segment (check the dots);"
                        + " exclude entry skipped",
                """
                exclude:
                  - class: "acme.**."
                """);
    }

    @Test
    void badRegex() {
        ConfigProblem problem = onlyProblem("""
                instrument:
                  - name: a
                    class: "regex:acme\\\\.(Order"
                """);
        assertEquals(3, problem.line());
        assertEquals(12, problem.column());
        assertEquals("instrument[0].class", problem.key());
        assertTrue(problem.message().startsWith("bad regular expression: Unclosed group near index "),
                problem.message());
        assertTrue(problem.message().endsWith(" of 'acme\\.(Order'; instrument entry skipped"), problem.message());
    }

    @Test
    void badMethodGlob() {
        assertOneProblem("weft.yaml:3:20: instrument[0].methods[1]: 'get-x' has '-', which cannot appear in a Java"
                        + " method name (use regex: for regular expressions); instrument entry skipped",
                """
                instrument:
                  - name: a
                    methods: [run, get-x]
                    class: acme.A
                """);
    }

    @Test
    void emptyMethodsList() {
        assertOneProblem("weft.yaml:4:14: instrument[0].methods: is empty; leave the key out to select every method;"
                        + " instrument entry skipped",
                """
                instrument:
                  - name: a
                    class: acme.A
                    methods: []
                """);
    }

    @Test
    void unknownRecordValue() {
        assertOneProblem("weft.yaml:4:21: instrument[0].record[1]: 'erors' is not something Weft records"
                        + " (did you mean 'errors'?) (choose from timer, count, errors, inflight);"
                        + " instrument entry skipped",
                """
                instrument:
                  - name: a
                    class: acme.A
                    record: [timer, erors]
                """);
    }

    @Test
    void emptyRecordList() {
        assertOneProblem("weft.yaml:4:13: instrument[0].record: is empty; name at least one of"
                        + " timer, count, errors, inflight; instrument entry skipped",
                """
                instrument:
                  - name: a
                    class: acme.A
                    record: []
                """);
    }

    @Test
    void portAboveRangeKeepsTheDefault() {
        String yaml = """
                exporters:
                  prometheus:
                    port: 70000
                """;
        assertOneProblem("weft.yaml:3:11: exporters.prometheus.port: 70000 is out of range 0..65535", yaml);
        assertEquals(9464, parse(yaml).config().prometheus().port());
    }

    @Test
    void negativePortKeepsTheDefault() {
        String yaml = """
                exporters:
                  prometheus:
                    host: 10.0.0.1
                    port: -1
                """;
        assertOneProblem("weft.yaml:4:11: exporters.prometheus.port: -1 is out of range 0..65535", yaml);
        WeftConfig config = parse(yaml).config();
        assertEquals(9464, config.prometheus().port());
        assertEquals("10.0.0.1", config.prometheus().host(), "the good setting next to it still applies");
    }

    @Test
    void portZeroIsAllowed() {
        ConfigResult result = parse("""
                exporters:
                  prometheus:
                    port: 0
                """);
        assertEquals(List.of(), result.problems());
        assertEquals(0, result.config().prometheus().port());
    }

    @Test
    void portNotANumber() {
        String yaml = """
                exporters:
                  prometheus:
                    port: http
                """;
        assertOneProblem("weft.yaml:3:11: exporters.prometheus.port: 'http' is not a whole number", yaml);
        assertEquals(9464, parse(yaml).config().prometheus().port());
    }

    @Test
    void bucketsNotIncreasing() {
        String yaml = """
                metrics:
                  buckets: [0.1, 0.5, 0.25]
                """;
        assertOneProblem("weft.yaml:2:23: metrics.buckets[2]: 0.25 must be greater than the bucket before it (0.5);"
                + " the default buckets stay in force", yaml);
        assertEquals(DOCUMENTED_DEFAULT_BUCKETS, parse(yaml).config().metrics().bucketsSeconds());
    }

    @Test
    void repeatedBucketIsNotIncreasing() {
        assertOneProblem("weft.yaml:2:16: metrics.buckets[1]: 1.0 must be greater than the bucket before it (1.0);"
                        + " the default buckets stay in force",
                """
                metrics:
                  buckets: [1, 1]
                """);
    }

    @Test
    void zeroBucket() {
        String yaml = """
                metrics:
                  buckets: [0, 1]
                """;
        assertOneProblem("weft.yaml:2:13: metrics.buckets[0]: 0.0 must be above 0 (seconds);"
                + " the default buckets stay in force", yaml);
        assertEquals(DOCUMENTED_DEFAULT_BUCKETS, parse(yaml).config().metrics().bucketsSeconds());
    }

    @Test
    void negativeBucket() {
        assertOneProblem("weft.yaml:4:7: metrics.buckets[1]: -0.5 must be above 0 (seconds);"
                        + " the default buckets stay in force",
                """
                metrics:
                  buckets:
                    - 0.1
                    - -0.5
                """);
    }

    // ---- a bad selector does not take the good ones with it ----

    @Test
    void badSelectorIsSkippedAndTheOthersRemain() {
        ConfigResult result = parse("""
                service:
                  name: orders
                instrument:
                  - name: first
                    class: acme.A
                  - name: broken
                    class: acme.B
                    record: [timer, sometimes]
                  - name: last
                    implements: acme.I
                exporters:
                  prometheus:
                    port: 1234
                """);
        assertEquals(1, result.problems().size(), () -> result.problems().toString());
        assertEquals("instrument[1].record[1]", result.problems().get(0).key());
        assertEquals(8, result.problems().get(0).line());

        WeftConfig config = result.config();
        assertEquals(List.of("first", "last"), config.instrument().stream().map(Selector::name).toList());
        assertEquals(4, config.instrument().get(0).line());
        assertEquals(9, config.instrument().get(1).line());
        assertEquals("orders", config.serviceName());
        assertEquals(1234, config.prometheus().port());
    }

    @Test
    void problemsAreListedInFileOrder() {
        List<ConfigProblem> problems = parse("""
                metrics:
                  buckets: [0]
                instrument:
                  - name: a
                exporters:
                  prometheus:
                    port: 99999
                servic: x
                """).problems();
        assertEquals(List.of(2, 4, 7, 8), problems.stream().map(ConfigProblem::line).toList(), problems::toString);
        assertEquals(List.of("metrics.buckets[0]", "instrument[0]", "exporters.prometheus.port", "servic"),
                problems.stream().map(ConfigProblem::key).toList());
    }

    @Test
    void problemWithoutPositionLeavesItOut() {
        assertEquals("weft.yaml: cannot read the config: no such file",
                new ConfigProblem("weft.yaml", 0, 0, "", "cannot read the config: no such file").toString());
        assertEquals("weft.yaml:3: a.b: bad", new ConfigProblem("weft.yaml", 3, 0, "a.b", "bad").toString());
    }

    @Test
    void missingFileIsOneProblem() {
        ConfigResult result = ConfigLoader.load(java.nio.file.Path.of("/nonexistent/weft-test/weft.yaml"), "svc");
        assertEquals(1, result.problems().size());
        assertEquals("/nonexistent/weft-test/weft.yaml: cannot read the config: no such file",
                result.problems().get(0).toString());
        assertEquals(List.of(), result.config().instrument());
    }

    @Test
    void aSkippedSelectorDoesNotTakeItsName() {
        ConfigResult result = parse("""
                instrument:
                  - name: a
                    class: acme.A
                    methds: [x]
                  - name: a
                    class: acme.B
                """);
        assertEquals(1, result.problems().size(), result.problems().toString());
        assertEquals("weft.yaml:4:5: instrument[0].methds: unknown key (did you mean 'methods'?) "
                + "(known here: name, class, implements, annotated, method-annotated, methods, record, trace, span-name, metric, labels, value, async); instrument entry skipped",
                result.problems().get(0).toString());
        assertEquals(1, result.config().instrument().size());
        assertEquals("acme.B", result.config().instrument().get(0).typeText());
    }
}
