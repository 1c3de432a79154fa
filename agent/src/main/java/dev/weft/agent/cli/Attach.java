package dev.weft.agent.cli;

import net.bytebuddy.agent.ByteBuddyAgent;

import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code attach <pid> [options]}: loads this agent jar into a running JVM through Byte Buddy's
 * attach support. The agent then weaves the selected classes that are already loaded by
 * retransformation, and logs to that JVM's standard error, not here.
 */
final class Attach {

    private Attach() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length < 1 || args.length > 2 || !args[0].matches("\\d+")) {
            err.println("attach needs a process id, and optionally the agent options: attach <pid> [config=weft.yaml,...]");
            err.print(Main.USAGE);
            return 2;
        }
        String pid = args[0];
        if (pid.equals(Long.toString(ProcessHandle.current().pid()))) {
            err.println("attach: " + pid + " is this command's own process");
            return 2;
        }
        if (ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
            err.println("attach: no process " + pid + " (see: java -jar weft-agent.jar list)");
            return 1;
        }
        String options = args.length == 2 ? absoluteConfigPath(args[1]) : "";
        File agentJar;
        try {
            agentJar = new File(Attach.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            err.println("attach: cannot find the agent jar this command runs from: " + e);
            return 1;
        }
        try {
            ByteBuddyAgent.attach(agentJar, pid, options.isEmpty() ? null : options);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            err.println("attach: could not load Weft into JVM " + pid + ": " + cause
                    + " (the JVM must run as this user, from a JDK that allows attaching:"
                    + " not started with -XX:+DisableAttachMechanism)");
            return 1;
        }
        out.println("Weft loaded into JVM " + pid + (options.isEmpty() ? "" : " with " + options)
                + "; its messages go to that JVM's standard error");
        return 0;
    }

    /**
     * The target JVM resolves paths against its own working directory, not this one's: a relative
     * {@code config=} is made absolute here.
     */
    static String absoluteConfigPath(String options) {
        List<String> pairs = new ArrayList<>();
        for (String pair : options.split(",")) {
            if (pair.startsWith("config=") && pair.length() > "config=".length()) {
                Path config = Paths.get(pair.substring("config=".length()));
                pairs.add("config=" + config.toAbsolutePath().normalize());
            } else {
                pairs.add(pair);
            }
        }
        return String.join(",", pairs);
    }
}
