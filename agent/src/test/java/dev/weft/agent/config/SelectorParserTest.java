package dev.weft.agent.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code instrument:} and {@code exclude:}. */
class SelectorParserTest {

    private static Sections.Read<List<Selector>> instrument(String yaml) {
        return Sections.read(yaml, "instrument", (reader, node) -> SelectorParser.selectors(reader, node, "instrument", true));
    }

    private static Sections.Read<List<Selector>> exclude(String yaml) {
        return Sections.read(yaml, "exclude", (reader, node) -> SelectorParser.selectors(reader, node, "exclude", false));
    }

    /** The one problem of {@code yaml}'s instrument section, whose one selector is skipped. */
    private static void assertSkipped(String expected, String yaml) {
        Sections.Read<List<Selector>> read = instrument(yaml);
        assertEquals(List.of(expected), read.problems());
        assertEquals(List.of(), read.value());
    }

    @Test
    void everySelectorKey() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - name: " cart "
                    class: acme.shop.Cart
                    methods: [add*, "regex:get(Total|Items)"]
                    record: [timer, count, errors, inflight]
                    trace: true
                    span-name: " cart {method} "
                    metric: shop_cart
                    labels: {region: arg0}
                    value: return.total
                """);
        assertEquals(List.of(), read.problems());
        Selector cart = read.value().get(0);
        assertEquals("cart", cart.name());
        assertEquals(TypeMatchKind.CLASS, cart.kind());
        assertEquals("acme.shop.Cart", cart.typeText());
        assertTrue(cart.exactType());
        assertEquals(List.of("add*", "regex:get(Total|Items)"), cart.methodTexts());
        assertTrue(cart.methods().get(0).matcher("addItem").matches());
        assertEquals(Set.of(Recording.values()), cart.record());
        assertTrue(cart.trace());
        assertEquals("cart {method}", cart.spanName());
        assertEquals("shop_cart", cart.metricName());
        assertEquals(java.util.Map.of("region", "arg0"), cart.capture().labels());
        assertEquals("return.total", cart.capture().value());
        assertEquals(2, cart.line());
    }

    @Test
    void theDefaultsOfASelector() {
        Selector a = instrument("instrument:\n  - {name: a, implements: \"acme.**.Repository\"}\n").value().get(0);
        assertEquals(TypeMatchKind.IMPLEMENTS, a.kind());
        assertEquals(List.of(), a.methods(), "every method");
        assertEquals(Recording.DEFAULT, a.record());
        assertFalse(a.trace());
        assertNull(a.spanName());
        assertEquals(Capture.NONE, a.capture());
        assertEquals(Capture.DEFAULT_METRIC, a.metricName());
        assertTrue(a.async(), "a method returning work still running is measured until that work ends");
    }

    @Test
    void asyncFalseKeepsEntryToReturnAndWeavesDifferently() {
        Selector sync = instrument("instrument:\n  - {name: a, class: acme.A, async: false}\n").value().get(0);
        Selector async = instrument("instrument:\n  - {name: a, class: acme.A}\n").value().get(0);
        assertFalse(sync.async());
        assertTrue(sync.definition().endsWith(" async false"), sync.definition());
        assertFalse(sync.equals(async));
        assertSkipped("weft.yaml:2:37: instrument[0].async: 'later' must be true or false; instrument entry skipped",
                "instrument:\n  - {name: a, class: acme.A, async: later}\n");
    }

    @Test
    void exclusionsHaveNoNameAndRecordNothing() {
        Sections.Read<List<Selector>> read = exclude("exclude:\n  - class: \"acme.internal.**\"\n"
                + "  - {annotated: acme.Generated, methods: [debug*]}\n");
        assertEquals(List.of(), read.problems());
        assertEquals(List.of("exclude[0]", "exclude[1]"), read.value().stream().map(Selector::name).toList());
        assertEquals(Set.of(), read.value().get(0).record());
        assertEquals(TypeMatchKind.ANNOTATED, read.value().get(1).kind());
        assertEquals(List.of("debug*"), read.value().get(1).methodTexts());
    }

    @Test
    void withoutTheSectionsThereAreNoSelectors() {
        assertEquals(new Sections.Read<>(List.of(), List.of()), instrument("service: {name: x}\n"));
        assertEquals(new Sections.Read<>(List.of(), List.of()), exclude("exclude:\n"));
    }

    @Test
    void aBadSelectorIsSkippedAndTheOthersStay() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - {name: first, class: acme.A}
                  - {name: broken, class: acme.B, record: [timer, sometimes]}
                  - {name: last, class: acme.C}
                """);
        assertEquals(List.of("weft.yaml:3:51: instrument[1].record[1]: 'sometimes' is not something Weft records"
                + " (choose from timer, count, errors, inflight); instrument entry skipped"), read.problems());
        assertEquals(List.of("first", "last"), read.value().stream().map(Selector::name).toList());
    }

    @Test
    void aNameIsRequiredAndUnique() {
        assertSkipped("weft.yaml:2:5: instrument[0].name: is required (it becomes the 'selector' label);"
                + " instrument entry skipped", "instrument:\n  - class: acme.A\n");
        Sections.Read<List<Selector>> read = instrument("instrument:\n  - {name: a, class: acme.A}\n"
                + "  - {name: a, class: acme.B}\n");
        assertEquals(List.of("weft.yaml:3:12: instrument[1].name: 'a' is already the name of an earlier selector;"
                + " names must be unique; instrument entry skipped"), read.problems());
        assertEquals(List.of("acme.A"), read.value().stream().map(Selector::typeText).toList());
    }

    @Test
    void exactlyOneWayToMatchClasses() {
        assertSkipped("weft.yaml:2:5: instrument[0]: needs one of class, implements, annotated, method-annotated;"
                + " instrument entry skipped", "instrument:\n  - name: a\n");
        assertSkipped("weft.yaml:2:42: instrument[0].implements: use only one of class, implements, annotated"
                        + " (already has class); instrument entry skipped",
                "instrument:\n  - {name: a, class: acme.A, implements: acme.I}\n");
    }

    @Test
    void methodAnnotatedAloneSelectsAnyClass() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - name: scheduled
                    method-annotated: " org.springframework.scheduling.annotation.Scheduled "
                    record: [count]
                """);
        assertEquals(List.of(), read.problems());
        Selector scheduled = read.value().get(0);
        assertNull(scheduled.kind(), "no class key: any class");
        assertNull(scheduled.typeText());
        assertEquals("org.springframework.scheduling.annotation.Scheduled", scheduled.methodAnnotationText());
        assertTrue(scheduled.exactMethodAnnotation());
        assertEquals("method-annotated org.springframework.scheduling.annotation.Scheduled", scheduled.matchText());
        assertEquals("method-annotated org.springframework.scheduling.annotation.Scheduled methods [] record [COUNT]",
                scheduled.definition());
    }

    @Test
    void methodAnnotatedBesideAClassKeyAndMethods() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - {name: a, class: "acme.**", method-annotated: "io.micrometer.**.Timed", methods: [get*]}
                  - {name: b, implements: acme.Repository, method-annotated: 'regex:.*\\.Timed'}
                  - {name: c, annotated: acme.Audited, method-annotated: acme.Logged}
                """);
        assertEquals(List.of(), read.problems());
        Selector a = read.value().get(0);
        assertEquals(TypeMatchKind.CLASS, a.kind());
        assertEquals("io.micrometer.**.Timed", a.methodAnnotationText());
        assertFalse(a.exactMethodAnnotation());
        assertTrue(a.methodAnnotationPattern().matcher("io.micrometer.core.annotation.Timed").matches());
        assertEquals(List.of("get*"), a.methodTexts());
        assertEquals("class acme.** method-annotated io.micrometer.**.Timed", a.matchText());
        assertTrue(read.value().get(1).methodAnnotationPattern().matcher("io.micrometer.core.annotation.Timed").matches());
        assertEquals("annotated acme.Audited method-annotated acme.Logged", read.value().get(2).matchText());
        assertNull(instrument("instrument:\n  - {name: a, class: acme.A}\n").value().get(0).methodAnnotationText());
    }

    @Test
    void theMethodAnnotationIsPartOfTheDefinitionAndOfEquality() {
        String yaml = "instrument:\n  - {name: a, class: acme.A, method-annotated: %s}\n";
        Selector timed = instrument(yaml.formatted("acme.Timed")).value().get(0);
        Selector logged = instrument(yaml.formatted("acme.Logged")).value().get(0);
        assertFalse(timed.definition().equals(logged.definition()));
        assertFalse(timed.equals(logged));
        Selector plain = instrument("instrument:\n  - {name: a, class: acme.A}\n").value().get(0);
        assertFalse(plain.definition().equals(timed.definition()));
        assertEquals(timed, timed);
        assertEquals(timed.hashCode(), timed.hashCode());
    }

    @Test
    void aBadMethodAnnotation() {
        assertSkipped("weft.yaml:2:33: instrument[0].method-annotated: is empty; instrument entry skipped",
                "instrument:\n  - {name: a, method-annotated: \"\"}\n");
        assertSkipped("weft.yaml:2:32: instrument[0].method-annotated: needs a value; instrument entry skipped",
                "instrument:\n  - {name: a, method-annotated: }\n");
        assertSkipped("weft.yaml:2:33: instrument[0].method-annotated: must be a single value, not a list or mapping;"
                + " instrument entry skipped", "instrument:\n  - {name: a, method-annotated: [acme.A, acme.B]}\n");
        assertSkipped("weft.yaml:4:23: instrument[0].method-annotated: 'acme..Timed' has an empty name segment"
                + " (check the dots); instrument entry skipped", """
                instrument:
                  - name: a
                    class: acme.A
                    method-annotated: acme..Timed
                """);
        // a bad class key beside it is said as before, and the entry is skipped once
        assertSkipped("weft.yaml:2:22: instrument[0].class: 'acme.A-B' has '-', which cannot appear in a Java class"
                        + " name (use regex: for regular expressions); instrument entry skipped",
                "instrument:\n  - {name: a, class: acme.A-B, method-annotated: acme.Timed}\n");
    }

    @Test
    void exclusionsTakeMethodAnnotated() {
        Sections.Read<List<Selector>> read = exclude("exclude:\n  - {method-annotated: java.lang.Deprecated}\n");
        assertEquals(List.of(), read.problems());
        assertEquals("java.lang.Deprecated", read.value().get(0).methodAnnotationText());
        assertNull(read.value().get(0).kind());
    }

    @Test
    void aBadClassPattern() {
        Sections.Read<List<Selector>> read = instrument("instrument:\n  - {name: a, class: \"acme.***\"}\n");
        assertEquals(1, read.problems().size());
        assertTrue(read.problems().get(0).startsWith("weft.yaml:2:22: instrument[0].class: "), read.problems().get(0));
        assertTrue(read.problems().get(0).endsWith("; instrument entry skipped"), read.problems().get(0));
    }

    @Test
    void emptyListsAreSaidOnce() {
        assertSkipped("weft.yaml:2:39: instrument[0].methods: is empty; leave the key out to select every method;"
                + " instrument entry skipped", "instrument:\n  - {name: a, class: acme.A, methods: []}\n");
        assertSkipped("weft.yaml:2:38: instrument[0].record: is empty; name at least one of timer, count, errors,"
                + " inflight; instrument entry skipped", "instrument:\n  - {name: a, class: acme.A, record: []}\n");
        // with an earlier mistake in the entry, an empty record list is not a second message
        assertSkipped("weft.yaml:2:39: instrument[0].methods: is empty; leave the key out to select every method;"
                + " instrument entry skipped", "instrument:\n  - {name: a, class: acme.A, methods: [], record: []}\n");
    }

    @Test
    void aSpanNameNeedsTrace() {
        assertSkipped("weft.yaml:2:41: instrument[0].span-name: needs trace: true; instrument entry skipped",
                "instrument:\n  - {name: a, class: acme.A, span-name: x}\n");
        assertSkipped("weft.yaml:2:37: instrument[0].trace: 'yes' must be true or false; instrument entry skipped",
                "instrument:\n  - {name: a, class: acme.A, trace: yes}\n");
    }

    @Test
    void everyProblemOfAnEntryIsSaid() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - name: a
                    class: acme.A
                    record: [timr]
                    trace: maybe
                """);
        assertEquals(List.of(
                "weft.yaml:4:14: instrument[0].record[0]: 'timr' is not something Weft records (did you mean 'timer'?)"
                        + " (choose from timer, count, errors, inflight); instrument entry skipped",
                "weft.yaml:5:12: instrument[0].trace: 'maybe' must be true or false; instrument entry skipped"),
                read.problems());
    }

    @Test
    void anEmptyOrScalarEntry() {
        assertSkipped("weft.yaml:2:5: instrument[0]: is empty; instrument entry skipped", "instrument:\n  - {}\n");
        assertSkipped("weft.yaml:2:5: instrument[0]: must be a mapping of keys (name, class, implements, annotated, method-annotated,"
                        + " methods, record, trace, span-name, metric, labels, value, async); instrument entry skipped",
                "instrument:\n  - acme.A\n");
    }

    @Test
    void excludeKnowsOnlyTheMatchingKeys() {
        Sections.Read<List<Selector>> read = exclude("exclude:\n  - {class: acme.A, record: [timer]}\n");
        assertEquals(List.of("weft.yaml:2:21: exclude[0].record: unknown key"
                + " (known here: class, implements, annotated, method-annotated, methods); exclude entry skipped"), read.problems());
        assertEquals(List.of(), read.value());
    }

    private static String withMetric(String metric) {
        return "instrument:\n  - name: usage\n    class: acme.Usage\n    metric: " + metric + "\n";
    }

    @Test
    void aMetricNameThatWouldMakeAFamilyOfWeftsOwnIsRefused() {
        String twice = "Prometheus rejects a scrape that has a family twice: choose a name of your own; instrument entry skipped";
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'http_server_request' would make "
                + "http_server_request_duration_seconds, a family Weft serves itself; " + twice,
                withMetric("http_server_request"));
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'http_server_request_duration_seconds' would make "
                + "http_server_request_duration_seconds, a family Weft serves itself; " + twice,
                withMetric("http_server_request_duration_seconds"));
        String own = ", and names starting with %s are Weft's own (weft_*: Weft's families, jvm_* and process_*: "
                + "the runtime metrics); ";
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'weft_slo' would make weft_slo_duration_seconds"
                + own.formatted("weft_") + twice, withMetric("weft_slo"));
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'weft' would make weft_duration_seconds"
                + own.formatted("weft_") + twice, withMetric("weft"));
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'jvm_threads' would make jvm_threads_duration_seconds"
                + own.formatted("jvm_") + twice, withMetric("jvm_threads"));
        assertSkipped("weft.yaml:4:13: instrument[0].metric: 'process' would make process_duration_seconds"
                + own.formatted("process_") + twice, withMetric("process"));
        assertEquals(List.of(), instrument(withMetric("weft_method")).problems(), "the default, written out");
        assertEquals(List.of(), instrument(withMetric("orders_http_server_request")).problems());
    }

    @Test
    void twoMetricsThatWouldMakeTheSameFamilyAreRefused() {
        Sections.Read<List<Selector>> read = instrument("""
                instrument:
                  - name: orders
                    class: acme.Orders
                    metric: orders
                    value: arg0
                  - name: calls
                    class: acme.Calls
                    metric: orders_calls
                    value: arg0
                  - name: more-orders
                    class: acme.MoreOrders
                    metric: orders
                """);
        assertEquals(List.of("weft.yaml:8:13: instrument[1].metric: 'orders_calls' would make orders_calls, a family "
                + "of metric 'orders' (selector 'orders'); Prometheus rejects a scrape that has a family twice: "
                + "choose a name of your own; instrument entry skipped"), read.problems());
        assertEquals(List.of("orders", "more-orders"), read.value().stream().map(Selector::name).toList(),
                "selectors sharing one metric are fine");
    }

    @Test
    void theSectionIsAList() {
        Sections.Read<List<Selector>> read = instrument("instrument:\n  name: a\n");
        assertEquals(List.of("weft.yaml:2:3: instrument: must be a list, e.g. [a, b]"), read.problems());
        assertEquals(List.of(), read.value());
    }
}
