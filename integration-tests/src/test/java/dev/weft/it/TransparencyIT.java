package dev.weft.it;

import org.junit.jupiter.api.Test;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Weaving never changes what a program computes. Apache Commons Lang's own unit tests (its released
 * {@code tests} jar, run by the JUnit Platform Console Launcher in a JVM of their own, as its build
 * runs them) are run three times: without Weft, with every method of {@code org.apache.commons.lang3.**}
 * woven for metrics (timer, count, errors, inflight), and woven again with {@code trace: true} at a
 * sampler ratio of 0.5, exporting to a real OTLP receiver. Every test must end as it ended without
 * Weft: the same tests pass, fail and are skipped. The selector covers the library and its tests
 * alike (they share its packages), so the test code is woven too. Weft's own counters prove the
 * weaving happened: methods woven, library classes whose methods were called, calls counted.
 *
 * <p>{@code bin/test} runs every test class but the slowest few (see {@link #SLOWEST}); with
 * {@code -Dweft.transparency.full=true} (as {@code bin/reliability} runs it) the whole suite runs.
 */
class TransparencyIT {

    private static final Path HOME = Paths.get(System.getProperty("weft.transparency.dir"));
    private static final Path LIB = HOME.resolve("lib");
    private static final String VERSION = System.getProperty("weft.transparency.lang3.version");
    private static final Path LIBRARY_JAR = LIB.resolve("commons-lang3-" + VERSION + ".jar");
    private static final Path TESTS_JAR = LIB.resolve("commons-lang3-" + VERSION + "-tests.jar");
    private static final Path LAUNCHER_JAR = LIB.resolve("junit-platform-console-standalone.jar");
    private static final boolean FULL = Boolean.getBoolean("weft.transparency.full");
    private static final String SUITE = "Apache Commons Lang " + VERSION;

    /**
     * The test classes left out of the slice {@code bin/test} runs, the slowest of the suite: a lock
     * test that sleeps for most of its 80 s, and date tests that repeat over every locale and time
     * zone of the JDK (48,000 of the suite's 57,000 tests).
     */
    static final List<String> SLOWEST = List.of(
            "concurrent.locks.LockingVisitorsTest",
            "time.FastDateParserTest",
            "time.FastDateParser_TimeZoneStrategyTest",
            "time.Java15BugFastDateParserTest",
            "time.DurationFormatUtilsTest",
            "text.ExtendedMessageFormatTest");

    /**
     * Commons Lang's build runs its tests with these (its POM's extraArgs on Java 9+), and with a heap
     * of 512 MB. Not here: on Java 25 the suite's own live heap is about 640 MB (its date parsers cache
     * every locale's time zone names, and Java 25 has more of them), which 512 MB survives only by the
     * JDK dropping its soft caches over and over, at twice the time; any agent's few MB on top of that
     * turn it into back-to-back full collections. So every run, with Weft or without, gets 2 GB.
     */
    private static final List<String> SUITE_JVM_ARGS = List.of("-Xmx2g",
            "--add-opens", "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens", "java.base/java.lang=ALL-UNNAMED",
            "--add-opens", "java.base/java.util=ALL-UNNAMED",
            "--add-opens", "java.base/java.time=ALL-UNNAMED",
            "--add-opens", "java.base/java.time.chrono=ALL-UNNAMED");

    private static final String SELECTOR = """
            service:
              name: commons-lang3-tests
            instrument:
              - name: lang3
                class: "org.apache.commons.lang3.**"
                record: [timer, count, errors, inflight]
            """;
    private static final String TRACED = SELECTOR + """
                trace: true
            tracing:
              sampler:
                ratio: 0.5
            exporters:
              otlp:
                endpoint: %s
            """.formatted(OtlpReceiver.HTTP_ENDPOINT);

    private static final Pattern WEFT_READY = Pattern.compile("\\[weft\\] Weft .* endpoint (\\S+)");
    private static final Pattern SUMMARY = Pattern.compile("\\[\\s*(\\d+) (containers|tests) (\\w+)\\s*\\]");

    /** How one test ended, from the console launcher's XML report. */
    record Result(String status, String message) {
    }

    /** One run of the suite. */
    record Run(String mode, Map<String, Result> results, Map<String, Long> summary, double seconds, Scrape scrape,
               Path log) {

        Set<String> passed() {
            return results.entrySet().stream().filter(e -> e.getValue().status().equals("passed"))
                    .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** What Weft's endpoint said at the end of a woven run. */
    record Woven(long methods, int libraryClasses, int libraryClassesCalled, long calls, long weaveErrors) {
    }

    @Test
    void commonsLangsOwnTestsEndAlikeWithEveryMethodWoven() throws Exception {
        assertTrue(Files.isRegularFile(TESTS_JAR), TESTS_JAR + " is missing: the integration-tests build copies it");
        String feature = AppProcess.EXPECTED_FEATURE.isEmpty()
                ? Integer.toString(Runtime.version().feature()) : AppProcess.EXPECTED_FEATURE;
        Path home = HOME.resolve("java" + feature);
        Path metricsConfig = Configs.write(Files.createDirectories(home), "metrics.yaml", SELECTOR);
        Path tracedConfig = Configs.write(home, "traced.yaml", TRACED);

        Run plain = run(home, "without Weft", null);
        assertTrue(plain.passed().size() > (FULL ? 50_000 : 8_000),
                "the suite ran far fewer tests than it has: " + plain.summary() + "; see " + plain.log());
        Run metrics = run(home, "metrics", metricsConfig);
        Run traced;
        try (OtlpReceiver receiver = OtlpReceiver.startQuiet()) {
            traced = run(home, "traced", tracedConfig);
        }

        assertSameResults(plain, metrics);
        assertSameResults(plain, traced);
        Woven wovenForMetrics = woven(metrics);
        Woven wovenForTraces = woven(traced);
        double spansExported = sum(traced.scrape(), "weft_spans_exported_total");
        double spansDropped = sum(traced.scrape(), "weft_spans_dropped_total");
        assertTrue(spansExported > 0, "the traced run exported no span; see " + traced.log());

        Map<String, Long> counts = plain.summary();
        String suite = SUITE + (FULL ? ", the whole suite" : ", every test class but the " + SLOWEST.size() + " slowest")
                + text(": %,d tests", counts.get("tests found"));
        String outcome = text("the same %,d passed, %,d skipped or aborted, %,d failed as without Weft",
                counts.get("tests successful"), counts.get("tests skipped") + counts.get("tests aborted"),
                counts.get("tests failed"));
        for (Run run : List.of(metrics, traced)) {
            Woven woven = run == metrics ? wovenForMetrics : wovenForTraces;
            String mode = run == metrics
                    ? "every method woven, metrics only (timer, count, errors, inflight)"
                    : "every method woven and traced (trace: true, sampler ratio 0.5, OTLP to a real receiver)";
            String did = text("wove %,d methods (%d of the library's %d classes called), counted %,d calls of them; "
                    + "weave errors %d", woven.methods(), woven.libraryClassesCalled(), woven.libraryClasses(),
                    woven.calls(), woven.weaveErrors());
            if (run == traced) {
                did += text("; %,d spans accepted by the receiver, %,d dropped at the full export queue",
                        (long) spansExported, (long) spansDropped);
            }
            String figures = text("%.0f s without Weft, %.0f s with; ratio %.2f", plain.seconds(), run.seconds(),
                    run.seconds() / plain.seconds());
            System.out.printf("transparency, Java %s, %s: %s; %s; %s; %s%n", feature, suite, mode, outcome, did, figures);
            ReliabilityLog.row("Transparency", suite + "; " + mode, outcome, did, figures);
        }
    }

    /** Runs the suite in a JVM of its own, with Weft when {@code config} is given. */
    private static Run run(Path home, String mode, Path config) throws Exception {
        Path dir = home.resolve(mode.replace(' ', '-'));
        deleteTree(dir);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path reports = dir.resolve("reports");
        Path log = dir.resolve("console.log");
        Path finished = dir.resolve("finished");
        extractResources(work.resolve("src/test/resources"));

        List<String> command = new ArrayList<>(List.of(AppProcess.JAVA));
        command.addAll(SUITE_JVM_ARGS);
        if (config != null) {
            command.add("-javaagent:" + AppProcess.AGENT_JAR + "=config=" + config + ",port=0");
        }
        command.add("-D" + SuiteEndHold.FINISHED_PROPERTY + "=" + finished);
        command.addAll(List.of("-jar", LAUNCHER_JAR.toString(), "execute", "--disable-banner", "--details=summary",
                "--class-path", classPath(dir.resolve("hold")),
                "--scan-classpath", TESTS_JAR.toString(),
                "--include-classname", "^.+Test$", // as Commons Lang's build: **/*Test.java
                "--reports-dir", reports.toString()));
        if (!FULL) {
            command.add("--exclude-classname=^org\\.apache\\.commons\\.lang3\\.("
                    + SLOWEST.stream().map(name -> name.replace(".", "\\.")).collect(Collectors.joining("|")) + ")$");
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().remove("WEFT_CONFIG");

        long start = System.nanoTime();
        Process process = builder.start();
        try {
            if (config == null) {
                process.getOutputStream().close(); // nothing to scrape: no hold at the end
            }
            long deadline = start + TimeUnit.MINUTES.toNanos(FULL ? 45 : 10);
            while (!Files.exists(finished) && process.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!Files.exists(finished)) {
                throw new AssertionError("the suite " + mode + " did not finish (" + (process.isAlive() ? "timed out"
                        : "exit code " + process.exitValue()) + "); its output:\n" + tail(log));
            }
            String ranOn = Files.readString(finished).trim();
            assertEquals(home.getFileName().toString(), "java" + ranOn, "the suite ran on Java " + ranOn);
            Scrape scrape = null;
            if (config != null) {
                scrape = new Scrape(AppProcess.get(endpoint(log) + "/metrics").body());
                process.getOutputStream().close();
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                throw new AssertionError("the console launcher did not exit after the suite " + mode);
            }
            Map<String, Long> summary = summary(log);
            System.out.printf("transparency, Java %s, %s: %.1f s, %s%n", ranOn, mode, seconds, summary);
            return new Run(mode, results(reports), summary, seconds, scrape, log);
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void assertSameResults(Run plain, Run woven) {
        List<String> differences = new ArrayList<>();
        Set<String> ids = new TreeSet<>(plain.results().keySet());
        ids.addAll(woven.results().keySet());
        for (String id : ids) {
            Result before = plain.results().get(id);
            Result after = woven.results().get(id);
            String statusBefore = before == null ? "not run" : before.status();
            String statusAfter = after == null ? "not run" : after.status();
            if (!statusBefore.equals(statusAfter)) {
                differences.add(id + ": " + statusBefore + " without Weft, " + statusAfter + " with Weft ("
                        + woven.mode() + ")" + (after == null || after.message().isEmpty() ? "" : ": " + after.message()));
            }
        }
        assertTrue(differences.isEmpty(), differences.size() + " tests of " + SUITE + " ended otherwise with Weft ("
                + woven.mode() + ", " + woven.log() + "):\n" + String.join("\n", differences.subList(0,
                Math.min(50, differences.size()))));
        assertEquals(plain.summary(), woven.summary(), "the console launcher's counts (" + woven.mode() + ")");
        assertEquals(plain.passed(), woven.passed());
    }

    /** Weft's own account of the weaving, from the scrape at the end of a woven run; asserts it is not vacuous. */
    private static Woven woven(Run run) throws IOException {
        Scrape scrape = run.scrape();
        Set<String> library = libraryClasses();
        long methods = (long) scrape.value("weft_woven_methods", "selector", "lang3");
        Set<String> called = new TreeSet<>();
        long calls = 0;
        for (Scrape.Series series : scrape.matching("weft_method_calls_total", "selector", "lang3")) {
            String type = series.labels().get("class");
            if (library.contains(type) && series.value() > 0) {
                called.add(type);
                calls += (long) series.value();
            }
        }
        long errors = (long) scrape.value("weft_weave_errors_total");
        Woven woven = new Woven(methods, library.size(), called.size(), calls, errors);
        assertTrue(methods > (FULL ? 8_000 : 6_000), "too few methods woven (" + run.mode() + "): " + woven);
        assertTrue(called.size() > library.size() / 2, "too few library classes called (" + run.mode() + "): " + woven);
        assertTrue(calls > 1_000_000, "too few calls counted (" + run.mode() + "): " + woven);
        assertEquals(0, errors, "weave errors (" + run.mode() + "); see " + run.log());
        return woven;
    }

    /** The classes of the library's own jar (not of its tests), by binary name. */
    private static Set<String> libraryClasses() throws IOException {
        try (ZipFile jar = new ZipFile(LIBRARY_JAR.toFile())) {
            return jar.stream().map(ZipEntry::getName)
                    .filter(name -> name.endsWith(".class") && !name.startsWith("META-INF/")
                            && !name.endsWith("module-info.class") && !name.endsWith("package-info.class"))
                    .map(name -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
                    .collect(Collectors.toCollection(TreeSet::new));
        }
    }

    /** The tests jar, the library, what the tests need, and the folder {@link SuiteEndHold} is found in. */
    private static String classPath(Path hold) throws IOException {
        Path services = hold.resolve("META-INF/services/org.junit.platform.launcher.TestExecutionListener");
        Files.createDirectories(services.getParent());
        Files.writeString(services, SuiteEndHold.class.getName() + "\n");
        Path listener = hold.resolve(SuiteEndHold.class.getName().replace('.', '/') + ".class");
        Files.createDirectories(listener.getParent());
        try (InputStream in = SuiteEndHold.class.getResourceAsStream(SuiteEndHold.class.getSimpleName() + ".class")) {
            Files.write(listener, in.readAllBytes());
        }
        List<String> entries = new ArrayList<>(List.of(TESTS_JAR.toString(), LIBRARY_JAR.toString()));
        try (Stream<Path> jars = Files.list(LIB)) {
            jars.filter(jar -> !jar.equals(TESTS_JAR) && !jar.equals(LIBRARY_JAR) && !jar.equals(LAUNCHER_JAR))
                    .map(Path::toString).sorted().forEach(entries::add);
        }
        entries.add(hold.toString());
        return String.join(java.io.File.pathSeparator, entries);
    }

    /**
     * The tests jar's resources, where the tests look for them as files: Commons Lang's build runs
     * its tests in the project folder, and some read {@code src/test/resources/...} by path.
     */
    private static void extractResources(Path into) throws IOException {
        try (FileSystem jar = FileSystems.newFileSystem(TESTS_JAR)) {
            Path root = jar.getPath("/");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    String name = root.relativize(file).toString();
                    if (!name.endsWith(".class") && !name.startsWith("META-INF")) {
                        Path target = into.resolve(name);
                        Files.createDirectories(target.getParent());
                        Files.copy(file, target);
                    }
                }
            }
        }
    }

    /** Every test case of the console launcher's XML reports, by unique id. */
    static Map<String, Result> results(Path reports) throws IOException, XMLStreamException {
        Map<String, Result> results = new TreeMap<>();
        XMLInputFactory factory = XMLInputFactory.newFactory();
        List<Path> files;
        try (Stream<Path> list = Files.list(reports)) {
            files = list.filter(f -> f.getFileName().toString().startsWith("TEST-")).sorted().toList();
        }
        for (Path file : files) {
            try (InputStream in = Files.newInputStream(file)) {
                XMLStreamReader xml = factory.createXMLStreamReader(in);
                String status = null;
                String message = "";
                String id = null;
                String name = null;
                while (xml.hasNext()) {
                    int event = xml.next();
                    if (event == XMLStreamConstants.START_ELEMENT) {
                        switch (xml.getLocalName()) {
                            case "testcase" -> {
                                status = "passed";
                                message = "";
                                id = null;
                                name = xml.getAttributeValue(null, "classname") + "#" + xml.getAttributeValue(null, "name");
                            }
                            case "failure", "error" -> {
                                status = "failed";
                                message = Objects.toString(xml.getAttributeValue(null, "type"), "") + ": "
                                        + Objects.toString(xml.getAttributeValue(null, "message"), "");
                            }
                            case "skipped" -> {
                                status = "skipped";
                                message = Objects.toString(xml.getAttributeValue(null, "message"), "");
                            }
                            case "system-out" -> {
                                if (status != null) {
                                    Matcher m = Pattern.compile("^unique-id: (.+)$", Pattern.MULTILINE)
                                            .matcher(xml.getElementText());
                                    if (m.find()) {
                                        id = m.group(1).trim();
                                    }
                                }
                            }
                            default -> {
                            }
                        }
                    } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("testcase")) {
                        String key = id != null ? id : name;
                        if (results.put(key, new Result(status, message)) != null) {
                            throw new AssertionError("two test cases named " + key + " in " + file);
                        }
                        status = null;
                    }
                }
                xml.close();
            }
        }
        return results;
    }

    /** The console launcher's closing counts, e.g. {@code tests successful → 10571}. */
    private static Map<String, Long> summary(Path log) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            Matcher m = SUMMARY.matcher(line.trim());
            if (m.matches()) {
                counts.put(m.group(2) + " " + m.group(3), Long.parseLong(m.group(1)));
            }
        }
        return counts;
    }

    private static String endpoint(Path log) throws IOException {
        for (String line : Files.readAllLines(log)) {
            Matcher m = WEFT_READY.matcher(line);
            if (m.find()) {
                String metrics = m.group(1);
                return metrics.substring(0, metrics.length() - "/metrics".length());
            }
        }
        throw new AssertionError("Weft did not print its start line; output:\n" + tail(log));
    }

    /** Figures for RELIABILITY.md, the same on any machine's locale: 57,444. */
    private static String text(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }

    private static double sum(Scrape scrape, String name) {
        return scrape.all(name).stream().mapToDouble(Scrape.Series::value).sum();
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(" + e + ")";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
