package dev.weft.agent.weave;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Plans for the classes of {@code fixtures.annotated}, described from their class files as weaving
 * describes them, by a pool that cannot find {@code Timed}: the annotation of a library that is
 * not on the class path.
 */
class WeavePlannerTest {

    private static final String PKG = "fixtures.annotated.";
    private static final String TIMED = PKG + "Timed";

    /** The test's own class files, but for the one whose absence the tests are about. */
    private static final ClassFileLocator WITHOUT_TIMED = new ClassFileLocator() {
        private final ClassFileLocator classPath = ClassFileLocator.ForClassLoader.of(WeavePlannerTest.class.getClassLoader());

        @Override
        public Resolution locate(String name) throws IOException {
            return name.equals(TIMED) ? new Resolution.Illegal(name) : classPath.locate(name);
        }

        @Override
        public void close() {
        }
    };

    private static WeftConfig config(String yaml) {
        ConfigResult result = ConfigLoader.parse(yaml, "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config();
    }

    private static byte[] classFile(String simpleName) throws IOException {
        return WITHOUT_TIMED.locate(PKG + simpleName).resolve();
    }

    private static TypeDescription describe(String simpleName) {
        return WeavingKit.typePool(WITHOUT_TIMED).describe(PKG + simpleName).resolve();
    }

    /** Selector name to the names of the methods it takes, as the rules weave the class. */
    private static Map<String, List<String>> plan(String yaml, String simpleName) throws IOException {
        WeftConfig config = config(yaml);
        WeaveRules rules = new WeaveRules(config);
        Map<String, List<String>> plan = new LinkedHashMap<>();
        if (!rules.mayWeave(PKG + simpleName, classFile(simpleName))) {
            return plan;
        }
        for (Map.Entry<Selector, List<MethodDescription.InDefinedShape>> entry
                : rules.plan(describe(simpleName), MethodAnnotationNames.of(classFile(simpleName))).entrySet()) {
            List<String> names = new ArrayList<>();
            entry.getValue().forEach(method -> names.add(method.getName()));
            plan.put(entry.getKey().name(), names);
        }
        return plan;
    }

    private static String selector(String keys) {
        return "instrument:\n  - {name: s, " + keys + "}\n";
    }

    @Test
    void methodAnnotatedAloneTakesTheAnnotatedMethodsOfAnyClass() throws IOException {
        assertEquals(Map.of("s", List.of("tick", "tally")), plan(selector("method-annotated: " + PKG + "Periodic"), "Jobs"));
        assertEquals(Map.of(), plan(selector("method-annotated: " + PKG + "Periodic"), "Unmarked"));
    }

    @Test
    void anAnnotationWhoseClassIsAbsentMatchesByItsName() throws IOException {
        MethodDescription report = describe("Jobs").getDeclaredMethods().filter(m -> m.getName().equals("report")).getOnly();
        assertEquals(0, report.getDeclaredAnnotations().size(), "the pool leaves out what it cannot find");

        assertEquals(Map.of("s", List.of("tally", "report")), plan(selector("method-annotated: " + TIMED), "Jobs"));
        assertEquals(Map.of("s", List.of("tally", "report")), plan(selector("method-annotated: \"fixtures.**.Tim*\""), "Jobs"));
    }

    @Test
    void annotationsKeptOnlyInTheClassFileCount() throws IOException {
        assertEquals(Map.of("s", List.of("generated")), plan(selector("method-annotated: " + PKG + "Generated"), "Jobs"));
    }

    @Test
    void withAClassKeyAndMethodsEveryOneMustHold() throws IOException {
        assertEquals(Map.of("s", List.of("tally")),
                plan(selector("class: " + PKG + "Jobs, method-annotated: " + PKG + "Periodic, methods: [t*l*]"), "Jobs"));
        assertEquals(Map.of("s", List.of("tick", "tally")),
                plan(selector("class: \"fixtures.**\", method-annotated: " + PKG + "Periodic"), "Jobs"));
        assertEquals(Map.of(), plan(selector("class: acme.Jobs, method-annotated: " + PKG + "Periodic"), "Jobs"));
        assertEquals(Map.of(), plan(selector("class: " + PKG + "Jobs, method-annotated: " + PKG + "Periodic, methods: [plain]"),
                "Jobs"));
        assertEquals(Map.of(), plan(selector("implements: java.lang.Runnable, method-annotated: " + PKG + "Periodic"), "Jobs"));
    }

    @Test
    void theFirstSelectorThatTakesAMethodKeepsIt() throws IOException {
        assertEquals(Map.of("timed", List.of("tally", "report"), "rest", List.of("tick", "generated", "plain")), plan("""
                instrument:
                  - {name: timed, method-annotated: fixtures.annotated.Timed}
                  - {name: rest, class: fixtures.annotated.Jobs}
                """, "Jobs"));
    }

    @Test
    void anExclusionByMethodAnnotationLeavesTheClassOtherwiseWoven() throws IOException {
        assertEquals(Map.of("s", List.of("tick", "generated", "plain")), plan("""
                instrument:
                  - {name: s, class: fixtures.annotated.Jobs}
                exclude:
                  - {method-annotated: fixtures.annotated.Timed}
                """, "Jobs"));
    }

    @Test
    void aClassFileThatNeverNamesTheAnnotationIsNotDescribed() throws IOException {
        WeaveRules exact = new WeaveRules(config(selector("method-annotated: " + PKG + "Periodic")));
        assertTrue(exact.mayWeave(PKG + "Jobs", classFile("Jobs")));
        assertFalse(exact.mayWeave(PKG + "Unmarked", classFile("Unmarked")));
        assertFalse(exact.mayWeave(PKG + "Periodical", classFile("Periodical")), "a class constant is not an annotation");
        assertTrue(exact.mayWeave(PKG + "Periodical"), "by its name alone it may");
        // a pattern cannot be looked for in the bytes: the class is described
        WeaveRules pattern = new WeaveRules(config(selector("method-annotated: \"fixtures.**.Periodic\"")));
        assertTrue(pattern.mayWeave(PKG + "Unmarked", classFile("Unmarked")));
        // nor can a class key that is not a name
        WeaveRules byName = new WeaveRules(config("""
                instrument:
                  - {name: a, method-annotated: fixtures.annotated.Periodic}
                  - {name: b, class: fixtures.annotated.Unmarked}
                """));
        assertTrue(byName.mayWeave(PKG + "Unmarked", classFile("Unmarked")));
        assertFalse(byName.mayWeave(PKG + "Other", classFile("Unmarked")));
    }

    @Test
    void addingAMethodAnnotatedSelectorChangesTheFingerprintOfTheClassesItTakes() throws IOException {
        WeaveRules before = new WeaveRules(config(selector("class: acme.Other")));
        WeaveRules after = new WeaveRules(config("""
                instrument:
                  - {name: s, class: acme.Other}
                  - {name: scheduled, method-annotated: fixtures.annotated.Timed, record: [count]}
                """));
        TypeDescription jobs = describe("Jobs");
        MethodAnnotationNames annotations = MethodAnnotationNames.located(WITHOUT_TIMED, PKG + "Jobs");
        assertNotEquals(before.fingerprint(jobs, annotations), after.fingerprint(jobs, annotations));
        assertEquals(Map.of("tally()I", "scheduled/2", "report()Ljava/lang/String;", "scheduled/2"),
                after.fingerprint(jobs, annotations));
        TypeDescription unmarked = describe("Unmarked");
        MethodAnnotationNames none = MethodAnnotationNames.located(WITHOUT_TIMED, PKG + "Unmarked");
        assertEquals(before.fingerprint(unmarked, none), after.fingerprint(unmarked, none));
    }

    @Test
    void aLoadedClassIsJudgedByItsClassFileAsWeavingJudgesIt() throws IOException {
        // reflection, like the pool, leaves out an annotation of a class its loader cannot resolve;
        // with the class present it shows the same names the class file holds
        TypeDescription loaded = TypeDescription.ForLoadedType.of(fixtures.annotated.Jobs.class);
        WeaveRules rules = new WeaveRules(config(selector("method-annotated: " + PKG + "Generated")));
        Map<String, String> fingerprint = rules.fingerprint(loaded,
                MethodAnnotationNames.located(ClassFileLocator.ForClassLoader.of(WeavePlannerTest.class.getClassLoader()),
                        PKG + "Jobs"));
        assertEquals(List.of("generated()V"), List.copyOf(fingerprint.keySet()),
                "an annotation reflection never sees (class-file retention) is found all the same");
    }
}
