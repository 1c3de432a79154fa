package dev.weft.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.awaitility.Awaitility.await;

/**
 * The orders test app running in its own JVM, optionally with the Weft agent, as a user would
 * start it. Closing it kills the process.
 */
final class AppProcess implements AutoCloseable {

    static final Path AGENT_JAR = Paths.get(System.getProperty("weft.agent.jar"));
    static final Path ORDERS_JAR = Paths.get(System.getProperty("weft.orders.jar"));
    static final Path PLUGIN_JAR = Paths.get(System.getProperty("weft.plugin.jar"));
    static final String JAVA = System.getProperty("weft.it.java");

    private static final Pattern APP_READY = Pattern.compile("\\w+ listening on http://127\\.0\\.0\\.1:(\\d+) \\(Java (\\d+)\\)");
    /** The Java feature release the services must run on, when a test run asks for one. */
    static final String EXPECTED_FEATURE = System.getProperty("weft.it.java.feature", "");
    private static final Pattern WEFT_READY = Pattern.compile("\\[weft\\] Weft .* endpoint (\\S+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private int appPort;
    private String metricsUrl;

    private AppProcess(List<String> command, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("WEFT_CONFIG");
        builder.environment().putAll(env);
        process = builder.start();
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    /** Starts the app with the agent; {@code agentOptions} follow {@code weft-agent.jar=}. */
    static AppProcess withAgent(String agentOptions, String... jvmArgs) throws IOException {
        return withAgent(agentOptions, Map.of(), jvmArgs);
    }

    /** As {@link #withAgent(String, String...)}, with extra environment variables. */
    static AppProcess withAgent(String agentOptions, Map<String, String> env, String... jvmArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(jvmArgs));
        args.add("-Dorders.plugin.jar=" + PLUGIN_JAR);
        return new AppProcess(jarCommand(agent(agentOptions), args, ORDERS_JAR), env);
    }

    /** Starts another test app's jar with the agent. */
    static AppProcess jarWithAgent(Path jar, String agentOptions, String... jvmArgs) throws IOException {
        return new AppProcess(jarCommand(agent(agentOptions), List.of(jvmArgs), jar), Map.of());
    }

    /** Starts another test app's jar with no agent, for answers to compare with. */
    static AppProcess jarWithoutAgent(Path jar) throws IOException {
        return new AppProcess(jarCommand(null, List.of(), jar), Map.of());
    }

    /** Runs another main class of the orders jar with the agent, e.g. a program that ends by itself. */
    static AppProcess mainWithAgent(String mainClass, String agentOptions) throws IOException {
        return new AppProcess(List.of(JAVA, agent(agentOptions), "-cp", ORDERS_JAR.toString(), mainClass), Map.of());
    }

    /** Runs a command of the test's own making, e.g. a named module from a {@code jlink}'d image. */
    static AppProcess command(List<String> command) throws IOException {
        return new AppProcess(command, Map.of());
    }

    /** Runs {@code java -javaagent:... args...}: a launcher of the test's choosing, e.g. a module system's. */
    static AppProcess commandWithAgent(String agentOptions, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(JAVA, agent(agentOptions)));
        command.addAll(args);
        return new AppProcess(command, Map.of());
    }

    /** Starts the app with no agent at all. */
    static AppProcess withoutAgent(String... jvmArgs) throws IOException {
        return new AppProcess(jarCommand(null, List.of(jvmArgs), ORDERS_JAR), Map.of());
    }

    /** {@code -javaagent:weft-agent.jar[=options]}. */
    private static String agent(String agentOptions) {
        return "-javaagent:" + AGENT_JAR + (agentOptions.isEmpty() ? "" : "=" + agentOptions);
    }

    /** {@code java [agent] [jvmArgs] -jar <jar> 0}: the app on a free port. */
    private static List<String> jarCommand(String agent, List<String> jvmArgs, Path jar) {
        List<String> command = new ArrayList<>();
        command.add(JAVA);
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(jvmArgs);
        command.addAll(List.of("-jar", jar.toString(), "0"));
        return command;
    }

    /** The port the app serves on. */
    int appPort() {
        return appPort;
    }

    long pid() {
        return process.pid();
    }

    /** Waits until the app serves requests; returns this. */
    AppProcess awaitApp() {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(stdout, APP_READY) != null || !process.isAlive());
        Matcher m = find(stdout, APP_READY);
        if (m == null) {
            throw new AssertionError("the app did not start; stderr:\n" + String.join("\n", stderr));
        }
        appPort = Integer.parseInt(m.group(1));
        if (!EXPECTED_FEATURE.isEmpty() && !EXPECTED_FEATURE.equals(m.group(2))) {
            throw new AssertionError("the app runs on Java " + m.group(2) + ", this run is for Java " + EXPECTED_FEATURE);
        }
        return this;
    }

    /** Waits until the app serves and Weft printed its start line; returns this. */
    AppProcess awaitAppAndAgent() {
        awaitApp();
        return awaitAgent();
    }

    /** Waits until Weft printed its start line (at start, or once attached); returns this. */
    AppProcess awaitAgent() {
        await().atMost(Duration.ofSeconds(30)).until(() -> find(stderr, WEFT_READY) != null);
        metricsUrl = find(stderr, WEFT_READY).group(1);
        return this;
    }

    /** Waits until a line of stderr contains {@code text}; returns the first such line. */
    String awaitStderr(String text) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !stderrLinesWith(text).isEmpty());
        return stderrLinesWith(text).get(0);
    }

    String metricsUrl() {
        return metricsUrl;
    }

    /** The endpoint's base URL, e.g. {@code http://127.0.0.1:40123}. */
    String endpoint() {
        if (metricsUrl == null || !metricsUrl.endsWith("/metrics")) {
            throw new AssertionError("Weft's endpoint is not running; stderr:\n" + String.join("\n", stderr));
        }
        return metricsUrl.substring(0, metricsUrl.length() - "/metrics".length());
    }

    /** GET on the app; returns the response. */
    HttpResponse<String> app(String pathAndQuery) throws IOException, InterruptedException {
        return get("http://127.0.0.1:" + appPort + pathAndQuery);
    }

    /** GET on the app with extra request headers, as name, value, name, value... */
    HttpResponse<String> app(String pathAndQuery, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).GET();
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** GET on Weft's endpoint. */
    HttpResponse<String> weft(String path) throws IOException, InterruptedException {
        return get(endpoint() + path);
    }

    /** Scrapes {@code /metrics}, asserting a 200. */
    String scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = weft("/metrics");
        if (response.statusCode() != 200) {
            throw new AssertionError("/metrics answered " + response.statusCode());
        }
        return response.body();
    }

    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    List<String> stderr() {
        return stderr;
    }

    List<String> stdout() {
        return stdout;
    }

    /** Lines of stdout containing {@code text}. */
    List<String> stdoutLinesWith(String text) {
        return linesWith(stdout, text);
    }

    /** Lines of stderr containing {@code text}. */
    List<String> stderrLinesWith(String text) {
        return linesWith(stderr, text);
    }

    private static List<String> linesWith(List<String> output, String text) {
        return output.stream().filter(line -> line.contains(text)).toList();
    }

    /** Waits for the process to end by itself and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("the process did not exit; stdout:\n" + String.join("\n", stdout));
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Matcher find(List<String> lines, Pattern pattern) {
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.find()) {
                return m;
            }
        }
        return null;
    }

    private static void pump(InputStream stream, List<String> into) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    into.add(line);
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        thread.setDaemon(true);
        thread.start();
    }
}
