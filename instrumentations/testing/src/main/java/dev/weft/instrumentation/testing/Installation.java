package dev.weft.instrumentation.testing;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.weaving.InstrumentationInstaller;
import dev.weft.instrumentation.weaving.InstrumentationStatus;

import java.lang.instrument.Instrumentation;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Built-in instrumentations woven into the test JVM by the agent's own installer, until closed
 * (closing puts every class back as it was). Every warning the installer gives is kept, repeats
 * included, so a test can count them.
 */
public final class Installation implements AutoCloseable {

    private final Instrumentation inst;
    private final InstrumentationInstaller installer;
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    Installation(Instrumentation inst, List<? extends BuiltInInstrumentation> instrumentations) {
        this.inst = inst;
        this.installer = new InstrumentationInstaller(instrumentations, (key, message) -> {
            warnings.add(message);
            System.err.println("[weft] WARN " + message);
        });
        installer.install(inst, instrumentation -> true);
    }

    /** The installer itself, to switch instrumentations on and off. */
    public InstrumentationInstaller installer() {
        return installer;
    }

    public Instrumentation instrumentation() {
        return inst;
    }

    public List<InstrumentationStatus> status() {
        return installer.status();
    }

    public InstrumentationStatus status(String name) {
        return status().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("not installed here: " + name));
    }

    /** Every warning so far, in order. */
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void close() {
        installer.uninstall(inst);
    }
}
