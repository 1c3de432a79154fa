package dev.weft.agent.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Reads the YAML into a {@link WeftConfig}, one section parser per part of the file. Nothing here
 * throws on bad input: each problem is reported with file, line and key, the faulty part (a
 * selector, a setting) is skipped or left at its default, and the rest of the config still applies.
 * Secrets and environment variables are read through a {@link ConfigEnvironment}, the system's
 * unless one is given.
 */
public final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of("service", "instrument", "exclude", "slos", "exporters", "metrics",
            "tracing", "instrumentations");
    static final List<String> EXPORTER_KEYS = List.of("prometheus", "otlp");

    private ConfigLoader() {
    }

    public static ConfigResult load(Path file, String defaultServiceName) {
        return load(file, defaultServiceName, ConfigEnvironment.system());
    }

    public static ConfigResult load(Path file, String defaultServiceName, ConfigEnvironment environment) {
        String name = file.toString();
        String text;
        try {
            text = environment.readFile(file);
        } catch (IOException | RuntimeException e) {
            String why = e instanceof NoSuchFileException ? "no such file"
                    : e instanceof AccessDeniedException ? "permission denied"
                    : e.toString();
            return failed(name, defaultServiceName, new ConfigProblem(name, 0, 0, "", "cannot read the config: " + why));
        }
        return parse(text, name, defaultServiceName, environment);
    }

    public static ConfigResult parse(String yaml, String fileName, String defaultServiceName) {
        return parse(yaml, fileName, defaultServiceName, ConfigEnvironment.system());
    }

    public static ConfigResult parse(String yaml, String fileName, String defaultServiceName,
                                     ConfigEnvironment environment) {
        Node root;
        try {
            root = compose(yaml);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            int line = mark == null ? 0 : mark.getLine() + 1;
            int column = mark == null ? 0 : mark.getColumn() + 1;
            String what = (e.getContext() == null ? "" : e.getContext() + ": ") + e.getProblem();
            return failed(fileName, defaultServiceName,
                    new ConfigProblem(fileName, line, column, "", "not valid YAML: " + what));
        } catch (ReaderException e) {
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

        // In this order, problems at one place (a YAML alias read by two sections) keep the order they always had.
        ServiceConfig service = ServiceParser.service(reader, top.get("service"), defaultServiceName);
        List<Selector> instrument = SelectorParser.selectors(reader, top.get("instrument"), "instrument", true);
        List<Selector> exclude = SelectorParser.selectors(reader, top.get("exclude"), "exclude", false);
        Map<String, Node> exporters = reader.mapping(top.get("exporters"), "exporters", EXPORTER_KEYS);
        PrometheusConfig prometheus = PrometheusParser.prometheus(reader, environment, exporters.get("prometheus"));
        MetricsConfig metrics = MetricsParser.metrics(reader, top.get("metrics"));
        List<Slo> slos = SloParser.slos(reader, top.get("slos"), instrument);
        // every latency objective's threshold is a bucket, so that the alert rules count the slower calls exactly
        metrics = metrics.withBuckets(SloParser.withThresholds(metrics.bucketsSeconds(), slos));
        OtlpConfig otlp = exporters.containsKey("otlp") ? OtlpParser.otlp(reader, exporters.get("otlp")) : null;
        TracingConfig tracing = TracingParser.tracing(reader, top.get("tracing"));
        InstrumentationsConfig instrumentations = InstrumentationsParser.instrumentations(reader,
                top.get("instrumentations"));

        WeftConfig config = new WeftConfig(fileName, service, instrument, exclude, slos,
                new ExportersConfig(prometheus, otlp), metrics, tracing, instrumentations);
        problems.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return new ConfigResult(config, List.copyOf(problems));
    }

    /**
     * What Yaml.compose does, without building the Yaml object's constructor and representer, which
     * loading a node tree never uses.
     */
    private static Node compose(String yaml) {
        LoaderOptions options = new LoaderOptions();
        return new Composer(new ParserImpl(new StreamReader(new StringReader(yaml)), options), new Resolver(), options)
                .getSingleNode();
    }

    private static ConfigResult failed(String fileName, String serviceName, ConfigProblem problem) {
        return new ConfigResult(WeftConfig.empty(fileName, serviceName), List.of(problem));
    }
}
