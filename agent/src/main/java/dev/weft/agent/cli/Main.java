package dev.weft.agent.cli;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * {@code java -jar weft-agent.jar <command>}: what the agent jar does when run rather than loaded.
 * Returns an exit code: 0 done, 1 failed, 2 bad usage.
 */
public final class Main {

    static final String USAGE = """
            usage: java -jar weft-agent.jar <command>
              list                             the local JVMs Weft can attach to
              attach <pid> [option=value,...]  load Weft into a running JVM, e.g.
                                               attach 4242 config=/etc/weft/weft.yaml
                                               (options as after -javaagent:weft-agent.jar=)
              rules --config FILE [--runbook-url BASE]
                                               Prometheus recording and alerting rules for the
                                               config's SLOs and selectors (runbook links BASE#alert,
                                               default RUNBOOK.md)
              dashboard --config FILE          a Grafana dashboard (JSON) for the config's selectors,
                                               SLOs and the JVM
              check --config FILE [FILE...]    the config's problems, as the agent reports them at
                                               start (file:line:column: key: message); exit 1 if any
              version, --version               the agent's version
            """;

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.print(USAGE);
            return 2;
        }
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "list" -> Jvms.list(out, err);
            case "attach" -> Attach.run(rest, out, err);
            case "rules" -> dev.weft.agent.ops.OpsCommand.rules(rest, out, err, USAGE);
            case "dashboard" -> dev.weft.agent.ops.OpsCommand.dashboard(rest, out, err, USAGE);
            case "check" -> Check.run(rest, out, err);
            case "version", "--version" -> {
                out.println("Weft " + dev.weft.agent.startup.ServiceIdentity.VERSION);
                yield 0;
            }
            case "help", "-h", "--help" -> {
                out.print(USAGE);
                yield 0;
            }
            default -> {
                err.println("unknown command '" + args[0] + "'");
                err.print(USAGE);
                yield 2;
            }
        };
    }
}
