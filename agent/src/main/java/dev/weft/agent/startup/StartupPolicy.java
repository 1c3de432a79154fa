package dev.weft.agent.startup;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigProblem;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.WeftConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides how Weft starts: reads the agent options and the config, says every problem once, and
 * refuses to start the service only when the user asked for that ({@code strict=true}).
 */
public final class StartupPolicy {

    /** What start-up goes on with: the options, the service's name and the config read. */
    public record Startup(AgentOptions options, String serviceName, ConfigResult config) {

        /** The config with the agent options applied: a port given on the command line beats the file's. */
        public WeftConfig effectiveConfig() {
            return withOptions(config.config());
        }

        /** Agent options beat the file, at start and on every reload. */
        public WeftConfig withOptions(WeftConfig config) {
            return options.port().isPresent() ? config.withPort(options.port().getAsInt()) : config;
        }
    }

    private StartupPolicy() {
    }

    /**
     * @throws StrictModeRefusal when {@code strict=true} and the options or the config have any
     *                           problem (each already printed)
     */
    public static Startup decide(String args, Map<String, String> sysProps, Map<String, String> env,
                                 String javaCommand) {
        AgentOptions options = AgentOptions.parse(args, sysProps, env);
        String serviceName = ServiceIdentity.serviceName(env, javaCommand);
        ConfigResult result = options.config() == null
                ? new ConfigResult(WeftConfig.empty(null, serviceName), List.of())
                : ConfigLoader.load(options.config(), serviceName);

        List<String> complaints = new ArrayList<>(options.problems());
        for (ConfigProblem problem : result.problems()) {
            complaints.add("config: " + problem);
        }
        if (options.strict() && !complaints.isEmpty()) {
            for (String complaint : complaints) {
                WeftLog.error(complaint);
            }
            String refusal = "strict=true and the config has " + complaints.size()
                    + " problem(s): refusing to start the service";
            WeftLog.error(refusal);
            throw new StrictModeRefusal(refusal);
        }
        for (String complaint : complaints) {
            WeftLog.warn(complaint);
        }
        return new Startup(options, serviceName, result);
    }
}
