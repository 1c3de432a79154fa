package dev.weft.agent;

import dev.weft.agent.startup.BootstrapClasses;
import dev.weft.agent.startup.StrictModeRefusal;
import dev.weft.agent.support.WeftLog;

import java.lang.instrument.Instrumentation;

/**
 * The agent's entry point. Kept free of any reference to bootstrap or third-party types: those
 * only resolve once the bootstrap jar is on the search path, so the rest is reached reflectively.
 * Nothing thrown here may stop the service from starting.
 */
public final class Premain {

    /** One Weft per JVM: a second attach (or an attach after -javaagent) must not weave twice. */
    private static final java.util.concurrent.atomic.AtomicBoolean STARTED = new java.util.concurrent.atomic.AtomicBoolean();

    private Premain() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst, false);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst, true);
    }

    /** Whether a config file may be given (see {@code startup.AgentOptions}); only then can anything be woven at start. */
    private static boolean mayHaveConfig(String args) {
        return (args != null && args.contains("config")) || System.getProperty("weft.config") != null
                || System.getenv("WEFT_CONFIG") != null;
    }

    private static void start(String args, Instrumentation inst, boolean attached) {
        if (!STARTED.compareAndSet(false, true)) {
            WeftLog.warn("Weft is already running in this JVM; this " + (attached ? "attach" : "-javaagent")
                    + " is ignored. To change what it measures, edit its config file: Weft reloads it.");
            return;
        }
        try {
            if (mayHaveConfig(args)) {
                // Byte Buddy gets ready for weaving on another thread while this one sets up the
                // bootstrap classes and reads the config. It touches no bootstrap class.
                Class.forName("dev.weft.agent.weave.Weaver", true, Premain.class.getClassLoader())
                        .getMethod("prepareInBackground").invoke(null);
            }
            BootstrapClasses.install(inst);
            Class.forName("dev.weft.agent.WeftAgent", true, Premain.class.getClassLoader())
                    .getMethod("start", String.class, Instrumentation.class, boolean.class)
                    .invoke(null, args, inst, attached);
        } catch (Throwable t) {
            Throwable cause = t instanceof java.lang.reflect.InvocationTargetException ? t.getCause() : t;
            if (cause instanceof StrictModeRefusal) {
                // The user asked for strict mode: the message was already printed.
                if (!attached) {
                    System.exit(1);
                }
                return;
            }
            WeftLog.error("agent failed to start; the service runs without Weft: " + cause);
        }
    }
}
