package dev.weft.agent.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the YAML into a {@link WeftConfig}. Nothing here throws on bad input: each problem is
 * reported with file, line and key, the faulty part (a selector, a setting) is skipped or left at
 * its default, and the rest of the config still applies.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of("service", "instrument", "exclude", "slos", "exporters", "metrics",
            "tracing");
    static final List<String> SERVICE_KEYS = List.of("name");
    static final List<String> SELECTOR_KEYS = List.of("name", "class", "implements", "annotated", "methods", "record",
            "trace", "span-name", "metric", "labels", "value");
    static final List<String> EXCLUDE_KEYS = List.of("class", "implements", "annotated", "methods");
    static final List<String> EXPORTER_KEYS = List.of("prometheus", "otlp");
    static final List<String> OTLP_KEYS = List.of("endpoint", "protocol", "headers", "timeout", "interval");
    static final List<String> TRACING_KEYS = List.of("sampler");
    static final List<String> SAMPLER_KEYS = List.of("ratio");
    static final List<String> PROMETHEUS_KEYS = List.of("host", "port", "auth", "tls");
    static final List<String> TLS_KEYS = List.of("keystore", "password-file", "password-env");
    static final List<String> AUTH_KEYS = List.of("bearer-token-file", "bearer-token-env", "basic");
    static final List<String> BASIC_KEYS = List.of("username", "password-file", "password-env");
    static final List<String> METRICS_KEYS = List.of("buckets", "runtime", "max-series", "window");
    static final List<String> SLO_KEYS = List.of("name", "selector", "latency", "success", "window");
    static final List<String> LATENCY_KEYS = List.of("percentile", "below");
    static final List<String> RECORDING_NAMES = List.of("timer", "count", "errors", "inflight");

    private ConfigLoader() {
    }

    public static ConfigResult load(Path file, String defaultServiceName) {
        String name = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof java.nio.file.NoSuchFileException ? "no such file"
                    : e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e.toString();
            return failed(name, defaultServiceName, new ConfigProblem(name, 0, 0, "", "cannot read the config: " + why));
        }
        return parse(text, name, defaultServiceName);
    }

    public static ConfigResult parse(String yaml, String fileName, String defaultServiceName) {
        Node root;
        try {
            // What Yaml.compose does, without building the Yaml object's constructor and
            // representer, which loading a node tree never uses.
            LoaderOptions options = new LoaderOptions();
            root = new Composer(new ParserImpl(new StreamReader(new StringReader(yaml)), options), new Resolver(),
                    options).getSingleNode();
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            String what = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            return failed(fileName, defaultServiceName,
                    new ConfigProblem(fileName, line, column, "", "not valid YAML: " + what));
        } catch (org.yaml.snakeyaml.reader.ReaderException e) {
            // A character YAML does not allow: placed by its offset in the text.
            int at = Math.max(0, Math.min(e.getPosition(), yaml.length()));
            int lineStart = yaml.lastIndexOf('\n', at - 1) + 1;
            int line = 1 + (int) yaml.substring(0, lineStart).chars().filter(c -> c == '\n').count();
            return failed(fileName, defaultServiceName, new ConfigProblem(fileName, line, at - lineStart + 1, "",
                    "not valid YAML: character " + String.format("U+%04X", e.getCodePoint()) + " is not allowed"));
        } catch (YAMLException e) {
            return failed(fileName, defaultServiceName,
                    new ConfigProblem(fileName, 0, 0, "", "not valid YAML: " + e.getMessage()));
        }
        List<ConfigProblem> problems = new ArrayList<>();
        YamlReader reader = new YamlReader(fileName, problems);
        Map<String, Node> top = reader.mapping(root, "", TOP_KEYS);

        String serviceName = defaultServiceName;
        Map<String, Node> service = reader.mapping(top.get("service"), "service", SERVICE_KEYS);
        if (service.containsKey("name")) {
            String value = reader.scalar(service.get("name"), "service.name");
            if (value != null && !value.isBlank()) {
                serviceName = value.trim();
            }
        }

        List<Selector> instrument = selectors(reader, problems, top.get("instrument"), "instrument", true);
        List<Selector> exclude = selectors(reader, problems, top.get("exclude"), "exclude", false);

        String host = WeftConfig.DEFAULT_HOST;
        int port = WeftConfig.DEFAULT_PORT;
        Map<String, Node> exporters = reader.mapping(top.get("exporters"), "exporters", EXPORTER_KEYS);
        Map<String, Node> prometheus = reader.mapping(exporters.get("prometheus"), "exporters.prometheus", PROMETHEUS_KEYS);
        if (prometheus.containsKey("host")) {
            String value = reader.scalar(prometheus.get("host"), "exporters.prometheus.host");
            if (value != null && !value.isBlank()) {
                host = value.trim();
            }
        }
        if (prometheus.containsKey("port")) {
            Integer value = reader.integer(prometheus.get("port"), "exporters.prometheus.port", 0, 65535);
            if (value != null) {
                port = value;
            }
        }

        EndpointAuth token = prometheus.containsKey("auth") ? auth(reader, prometheus.get("auth"), fileName) : null;
        TlsConfig tls = prometheus.containsKey("tls") ? tls(reader, prometheus.get("tls"), fileName) : null;

        List<Double> buckets = WeftConfig.DEFAULT_BUCKETS;
        Map<String, Node> metrics = reader.mapping(top.get("metrics"), "metrics", METRICS_KEYS);
        boolean runtime = true;
        if (metrics.containsKey("runtime")) {
            Boolean value = reader.bool(metrics.get("runtime"), "metrics.runtime");
            runtime = value == null || value;
        }
        if (metrics.containsKey("buckets")) {
            List<Double> parsed = buckets(reader, metrics.get("buckets"));
            if (parsed != null) {
                buckets = parsed;
            }
        }
        int maxSeries = WeftConfig.DEFAULT_MAX_SERIES;
        if (metrics.containsKey("max-series")) {
            Integer value = reader.integer(metrics.get("max-series"), "metrics.max-series", 1, 1_000_000);
            if (value != null) {
                maxSeries = value;
            }
        }
        java.time.Duration window = WeftConfig.DEFAULT_WINDOW;
        if (metrics.containsKey("window")) {
            java.time.Duration value = reader.duration(metrics.get("window"), "metrics.window");
            if (value != null) {
                window = SloParser.withinWindowLimits(reader, metrics.get("window"), "metrics.window", value)
                        ? value : window;
            }
        }
        List<Slo> slos = SloParser.slos(reader, problems, top.get("slos"), instrument);
        buckets = SloParser.withThresholds(buckets, slos);
        OtlpConfig otlp = exporters.containsKey("otlp") ? otlp(reader, exporters.get("otlp")) : null;

        double ratio = 1.0;
        Map<String, Node> tracing = reader.mapping(top.get("tracing"), "tracing", TRACING_KEYS);
        Map<String, Node> sampler = reader.mapping(tracing.get("sampler"), "tracing.sampler", SAMPLER_KEYS);
        if (sampler.containsKey("ratio")) {
            Double value = reader.number(sampler.get("ratio"), "tracing.sampler.ratio");
            if (value != null && (value < 0 || value > 1)) {
                reader.problem(sampler.get("ratio"), "tracing.sampler.ratio", value + " must be between 0.0 and 1.0");
            } else if (value != null) {
                ratio = value;
            }
        }

        WeftConfig config = new WeftConfig(fileName, serviceName, instrument, exclude, host, port, token, tls,
                buckets, otlp, ratio, runtime, slos, maxSeries, window);
        problems.sort(java.util.Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigResult(config, List.copyOf(problems));
    }

    private static ConfigResult failed(String fileName, String serviceName, ConfigProblem problem) {
        return new ConfigResult(WeftConfig.empty(fileName, serviceName), List.of(problem));
    }

    private static List<Selector> selectors(YamlReader reader, List<ConfigProblem> problems, Node node,
                                            String section, boolean instrument) {
        List<Selector> selectors = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, Selector> byMetric = new java.util.HashMap<>();
        List<Node> items = reader.items(node, section);
        for (int i = 0; i < items.size(); i++) {
            String path = section + "[" + i + "]";
            int before = problems.size();
            Selector selector = selector(reader, items.get(i), path, instrument);
            // only a selector that is kept takes its name
            if (selector != null && problems.size() == before && instrument && !names.add(selector.name())) {
                reader.problem(valueOf(items.get(i), "name"), path + ".name", "'" + selector.name()
                        + "' is already the name of an earlier selector; names must be unique");
                selector = null;
            }
            if (selector != null && problems.size() == before && instrument
                    && !CaptureParser.agreesWithEarlier(reader, items.get(i), path, selector, byMetric)) {
                selector = null;
            }
            if (problems.size() > before) {
                // One line per problem, each saying the entry was dropped so nobody wonders why it is silent.
                for (int p = before; p < problems.size(); p++) {
                    ConfigProblem problem = problems.get(p);
                    problems.set(p, new ConfigProblem(problem.file(), problem.line(), problem.column(), problem.key(),
                            problem.message() + "; " + section + " entry skipped"));
                }
            } else if (selector != null) {
                selectors.add(selector);
            }
        }
        return selectors;
    }

    /** The value node of {@code key} in a mapping node known to hold it. */
    private static Node valueOf(Node mapping, String key) {
        for (org.yaml.snakeyaml.nodes.NodeTuple tuple : ((org.yaml.snakeyaml.nodes.MappingNode) mapping).getValue()) {
            if (tuple.getKeyNode() instanceof org.yaml.snakeyaml.nodes.ScalarNode k && k.getValue().equals(key)) {
                return tuple.getValueNode();
            }
        }
        return mapping;
    }

    private static Selector selector(YamlReader reader, Node node, String path, boolean instrument) {
        Map<String, Node> keys = reader.mapping(node, path, instrument ? SELECTOR_KEYS : EXCLUDE_KEYS);
        if (keys.isEmpty()) {
            if (!YamlReader.isNull(node) && node instanceof org.yaml.snakeyaml.nodes.MappingNode) {
                reader.problem(node, path, "is empty");
            }
            return null;
        }
        String name = path;
        if (instrument) {
            name = keys.containsKey("name") ? reader.scalar(keys.get("name"), path + ".name") : null;
            if (name == null || name.isBlank()) {
                if (!keys.containsKey("name")) {
                    reader.problem(node, path + ".name", "is required (it becomes the 'selector' label)");
                }
                return null;
            }
            name = name.trim();
        }

        TypeMatchKind kind = null;
        Node typeNode = null;
        for (TypeMatchKind candidate : TypeMatchKind.values()) {
            if (keys.containsKey(candidate.yamlKey())) {
                if (kind != null) {
                    reader.problem(keys.get(candidate.yamlKey()), path + "." + candidate.yamlKey(),
                            "use only one of class, implements, annotated (already has " + kind.yamlKey() + ")");
                    return null;
                }
                kind = candidate;
                typeNode = keys.get(candidate.yamlKey());
            }
        }
        if (kind == null) {
            reader.problem(node, path, "needs one of class, implements, annotated");
            return null;
        }
        String typeKey = path + "." + kind.yamlKey();
        String typeText = reader.scalar(typeNode, typeKey);
        if (typeText == null) {
            return null;
        }
        typeText = typeText.trim();
        Pattern typePattern;
        try {
            typePattern = NamePatterns.typePattern(typeText);
        } catch (IllegalArgumentException e) {
            reader.problem(typeNode, typeKey, e.getMessage());
            return null;
        }

        List<Pattern> methods = new ArrayList<>();
        List<String> methodTexts = new ArrayList<>();
        boolean valid = true;
        if (keys.containsKey("methods")) {
            List<Node> items = reader.items(keys.get("methods"), path + ".methods");
            for (int i = 0; i < items.size(); i++) {
                String key = path + ".methods[" + i + "]";
                String glob = reader.scalar(items.get(i), key);
                if (glob == null) {
                    valid = false;
                    continue;
                }
                try {
                    methods.add(NamePatterns.methodPattern(glob.trim()));
                    methodTexts.add(glob.trim());
                } catch (IllegalArgumentException e) {
                    reader.problem(items.get(i), key, e.getMessage());
                    valid = false;
                }
            }
            if (items.isEmpty() && valid && YamlReader.isListOrEmpty(keys.get("methods"))) {
                reader.problem(keys.get("methods"), path + ".methods",
                        "is empty; leave the key out to select every method");
                valid = false;
            }
        }

        Set<Recording> record = instrument ? EnumSet.copyOf(Recording.DEFAULT) : EnumSet.noneOf(Recording.class);
        if (keys.containsKey("record")) {
            record = EnumSet.noneOf(Recording.class);
            List<Node> items = reader.items(keys.get("record"), path + ".record");
            for (int i = 0; i < items.size(); i++) {
                String key = path + ".record[" + i + "]";
                String value = reader.scalar(items.get(i), key);
                if (value == null) {
                    valid = false;
                } else if (!RECORDING_NAMES.contains(value.trim())) {
                    reader.problem(items.get(i), key, "'" + value + "' is not something Weft records"
                            + dev.weft.agent.Hints.didYouMean(value.trim(), RECORDING_NAMES)
                            + " (choose from " + String.join(", ", RECORDING_NAMES) + ")");
                    valid = false;
                } else {
                    record.add(Recording.valueOf(value.trim().toUpperCase(java.util.Locale.ROOT)));
                }
            }
            if (items.isEmpty() && valid && YamlReader.isListOrEmpty(keys.get("record"))) {
                reader.problem(keys.get("record"), path + ".record",
                        "is empty; name at least one of " + String.join(", ", RECORDING_NAMES));
                valid = false;
            }
        }
        boolean trace = false;
        if (keys.containsKey("trace")) {
            Boolean value = reader.bool(keys.get("trace"), path + ".trace");
            valid &= value != null;
            trace = Boolean.TRUE.equals(value);
        }
        String spanName = null;
        if (keys.containsKey("span-name")) {
            spanName = reader.scalar(keys.get("span-name"), path + ".span-name");
            valid &= spanName != null;
            if (spanName != null && !trace) {
                reader.problem(keys.get("span-name"), path + ".span-name", "needs trace: true");
                valid = false;
            }
        }
        Capture capture = instrument ? CaptureParser.capture(reader, keys, path) : Capture.NONE;
        if (!valid || capture == null) {
            return null;
        }
        int line = node.getStartMark().getLine() + 1;
        return new Selector(name, kind, typePattern, typeText, List.copyOf(methods), List.copyOf(methodTexts),
                Set.copyOf(record), trace, spanName == null ? null : spanName.trim(), line, capture);
    }

    /**
     * {@code auth: {bearer-token-file: path}}, {@code {bearer-token-env: NAME}} or
     * {@code {basic: {username: u, password-file: path}}} ({@code password-env} also); a relative
     * file is found next to the config, as Prometheus does.
     */
    private static EndpointAuth auth(YamlReader reader, Node node, String configFile) {
        String path = "exporters.prometheus.auth";
        Map<String, Node> auth = reader.mapping(node, path, AUTH_KEYS);
        if (auth.size() != 1) {
            if (!auth.isEmpty() || !YamlReader.isNull(node)) {
                reader.problem(node, path, "needs exactly one of " + String.join(", ", AUTH_KEYS));
            }
            return null;
        }
        String key = auth.keySet().iterator().next();
        if (key.equals("basic")) {
            return basic(reader, auth.get(key), path + ".basic", configFile);
        }
        String[] secret = secret(reader, auth.get(key), path + "." + key, key.endsWith("-env"), configFile);
        return secret == null ? null : new BearerToken(secret[0], secret[1]);
    }

    private static BasicCredentials basic(YamlReader reader, Node node, String path, String configFile) {
        Map<String, Node> basic = reader.mapping(node, path, BASIC_KEYS);
        String username = basic.containsKey("username") ? reader.scalar(basic.get("username"), path + ".username") : null;
        if (username == null || username.isBlank()) {
            if (!basic.containsKey("username")) {
                reader.problem(node, path + ".username", "is required");
            }
            return null;
        }
        String[] secret = password(reader, node, basic, path, configFile);
        return secret == null ? null : new BasicCredentials(username.trim(), secret[1], secret[0]);
    }

    /** {@code tls: {keystore: weft.p12, password-file: path}} or {@code password-env: NAME}. */
    private static TlsConfig tls(YamlReader reader, Node node, String configFile) {
        String path = "exporters.prometheus.tls";
        Map<String, Node> tls = reader.mapping(node, path, TLS_KEYS);
        String keystore = tls.containsKey("keystore") ? reader.scalar(tls.get("keystore"), path + ".keystore") : null;
        if (keystore == null) {
            if (!tls.containsKey("keystore")) {
                reader.problem(node, path + ".keystore", "is required: a PKCS#12 key store (.p12)");
            }
            return null;
        }
        Path file = nextToConfig(keystore.trim(), configFile);
        if (!Files.isReadable(file)) {
            reader.problem(tls.get("keystore"), path + ".keystore", "cannot read " + file);
            return null;
        }
        String[] secret = password(reader, node, tls, path, configFile);
        return secret == null ? null : new TlsConfig(file, secret[1].toCharArray(), secret[0]);
    }

    /** The {@code password-file} or {@code password-env} of a mapping (exactly one): {where, value}, or null. */
    private static String[] password(YamlReader reader, Node node, Map<String, Node> keys, String path,
                                     String configFile) {
        boolean fromEnv = keys.containsKey("password-env");
        if (fromEnv == keys.containsKey("password-file")) {
            reader.problem(node, path, "needs exactly one of password-file, password-env");
            return null;
        }
        String key = fromEnv ? "password-env" : "password-file";
        return secret(reader, keys.get(key), path + "." + key, fromEnv, configFile);
    }

    /**
     * A secret named by a key: the value of an environment variable, or the trimmed content of a
     * file (relative: next to the config, as Prometheus does). Returns {where, value}, or null (reported).
     */
    private static String[] secret(YamlReader reader, Node node, String key, boolean fromEnv, String configFile) {
        String value = reader.scalar(node, key);
        if (value == null || value.isBlank()) {
            return null;
        }
        value = value.trim();
        if (fromEnv) {
            String secret = System.getenv(value);
            if (secret == null || secret.isBlank()) {
                reader.problem(node, key, "environment variable " + value + " is not set or empty");
                return null;
            }
            return new String[] {"environment variable " + value, secret.trim()};
        }
        Path file = nextToConfig(value, configFile);
        try {
            String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (secret.isEmpty()) {
                reader.problem(node, key, file + " is empty");
                return null;
            }
            return new String[] {"file " + file, secret};
        } catch (IOException | RuntimeException e) {
            reader.problem(node, key, "cannot read " + file + ": "
                    + (e instanceof java.nio.file.NoSuchFileException ? "no such file" : e.toString()));
            return null;
        }
    }

    private static Path nextToConfig(String path, String configFile) {
        Path file = Path.of(path);
        Path dir = Path.of(configFile).getParent();
        return file.isAbsolute() || dir == null ? file : dir.resolve(file);
    }

    /** {@code exporters.otlp}; an empty section means "OTLP on, all defaults". */
    private static OtlpConfig otlp(YamlReader reader, Node node) {
        String path = "exporters.otlp";
        Map<String, Node> keys = reader.mapping(node, path, OTLP_KEYS);
        String endpoint = null;
        if (keys.containsKey("endpoint")) {
            endpoint = reader.scalar(keys.get("endpoint"), path + ".endpoint");
            if (endpoint != null && !endpoint.trim().matches("https?://[^\\s/]+(/\\S*)?")) {
                reader.problem(keys.get("endpoint"), path + ".endpoint",
                        "'" + endpoint + "' is not an http:// or https:// URL, e.g. http://localhost:4318");
                endpoint = null;
            }
        }
        String protocol = null;
        if (keys.containsKey("protocol")) {
            protocol = reader.scalar(keys.get("protocol"), path + ".protocol");
            if (protocol != null && !List.of(OtlpConfig.HTTP_PROTOBUF, OtlpConfig.GRPC).contains(protocol.trim())) {
                reader.problem(keys.get("protocol"), path + ".protocol", "'" + protocol + "' is not an OTLP protocol"
                        + dev.weft.agent.Hints.didYouMean(protocol.trim(), List.of(OtlpConfig.HTTP_PROTOBUF, OtlpConfig.GRPC))
                        + " (choose " + OtlpConfig.HTTP_PROTOBUF + " or " + OtlpConfig.GRPC + ")");
                protocol = null;
            }
        }
        Map<String, String> headers = keys.containsKey("headers")
                ? Map.copyOf(reader.stringMap(keys.get("headers"), path + ".headers")) : null;
        java.time.Duration timeout = keys.containsKey("timeout") ? reader.duration(keys.get("timeout"), path + ".timeout") : null;
        java.time.Duration interval = keys.containsKey("interval")
                ? reader.duration(keys.get("interval"), path + ".interval") : null;
        return new OtlpConfig(endpoint == null ? null : endpoint.trim(), protocol == null ? null : protocol.trim(),
                headers, timeout, interval);
    }

    private static List<Double> buckets(YamlReader reader, Node node) {
        List<Node> items = reader.items(node, "metrics.buckets");
        if (items.isEmpty()) {
            reader.problem(node, "metrics.buckets", "is empty; the default buckets stay in force");
            return null;
        }
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String key = "metrics.buckets[" + i + "]";
            Double value = reader.number(items.get(i), key);
            if (value == null) {
                return null;
            }
            if (value <= 0) {
                reader.problem(items.get(i), key, value + " must be above 0 (seconds); the default buckets stay in force");
                return null;
            }
            if (!values.isEmpty() && value <= values.get(values.size() - 1)) {
                reader.problem(items.get(i), key, value + " must be greater than the bucket before it ("
                        + values.get(values.size() - 1) + "); the default buckets stay in force");
                return null;
            }
            values.add(value);
        }
        return List.copyOf(values);
    }
}
