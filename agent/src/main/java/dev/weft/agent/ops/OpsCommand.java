package dev.weft.agent.ops;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code rules} and {@code dashboard}: read a Weft config as the agent would and print what
 * Prometheus or Grafana needs for it. Exit codes as the rest of the command line: 0 printed,
 * 1 the config has problems (each printed, nothing else), 2 bad usage.
 */
public final class OpsCommand {

    public static final String DEFAULT_RUNBOOK = "RUNBOOK.md";

    private OpsCommand() {
    }

    public static int rules(String[] args, PrintStream out, PrintStream err, String usage) {
        Map<String, String> options = options("rules", args, List.of("--config", "--runbook-url"), err, usage);
        if (options == null) {
            return 2;
        }
        ConfigResult config = load(options, err);
        if (config == null) {
            return 1;
        }
        out.print(AlertRules.generate(config.config(), options.getOrDefault("--runbook-url", DEFAULT_RUNBOOK)));
        out.flush();
        return 0;
    }

    public static int dashboard(String[] args, PrintStream out, PrintStream err, String usage) {
        Map<String, String> options = options("dashboard", args, List.of("--config"), err, usage);
        if (options == null) {
            return 2;
        }
        ConfigResult config = load(options, err);
        if (config == null) {
            return 1;
        }
        out.print(Dashboard.generate(config.config()));
        out.flush();
        return 0;
    }

    /** {@code --name value} or {@code --name=value} pairs; null (usage printed) when any is wrong. */
    static Map<String, String> options(String command, String[] args, List<String> known, PrintStream err, String usage) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            String value = null;
            int equals = name.indexOf('=');
            if (name.startsWith("--") && equals > 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            }
            if (!known.contains(name)) {
                err.println(command + ": unknown option '" + name + "' (known: " + String.join(", ", known) + ")");
                err.print(usage);
                return null;
            }
            if (value == null || value.isEmpty()) {
                err.println(command + ": " + name + " needs a value");
                err.print(usage);
                return null;
            }
            options.put(name, value);
        }
        if (!options.containsKey("--config")) {
            err.println(command + ": --config FILE is required");
            err.print(usage);
            return null;
        }
        return options;
    }

    /** The config, or null when it has any problem: rules for half a config would mislead. */
    private static ConfigResult load(Map<String, String> options, PrintStream err) {
        Path file = Path.of(options.get("--config"));
        String fileName = file.getFileName() == null ? "weft" : file.getFileName().toString();
        String defaultService = fileName.replaceFirst("\\.ya?ml$", "");
        ConfigResult result = ConfigLoader.load(file, defaultService);
        if (!result.problems().isEmpty()) {
            for (ConfigProblem problem : result.problems()) {
                err.println(problem);
            }
            return null;
        }
        return result;
    }
}
