package dev.weft.agent.weave;

import dev.weft.agent.config.ConfigFollower;
import dev.weft.agent.config.WeftConfig;

import java.lang.instrument.Instrumentation;

/**
 * The built-in instrumentations' life: installed when the config traces or exports anything (they
 * carry trace context and make HTTP spans).
 */
public final class BuiltInLifecycle implements ConfigFollower<Boolean> {

    private final Instrumentation inst;

    public BuiltInLifecycle(Instrumentation inst) {
        this.inst = inst;
    }

    public void start(WeftConfig config) {
        changed(false, follows(config), config);
    }

    @Override
    public String name() {
        return "the built-in instrumentations";
    }

    @Override
    public Boolean follows(WeftConfig config) {
        return config.tracesOrExports();
    }

    @Override
    public void changed(Boolean before, Boolean after, WeftConfig config) {
        if (after) {
            Weaver.awaitBackgroundPreparation(); // Byte Buddy from one thread at a time
            BuiltInInstrumentations.install(inst);
        }
    }
}
