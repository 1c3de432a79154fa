package dev.weft.agent.weave;

import dev.weft.agent.support.WeftLog;
import dev.weft.bootstrap.Spans;
import dev.weft.instrumentation.executors.ExecutorsInstrumentation;
import dev.weft.instrumentation.httpurlconnection.HttpUrlConnectionInstrumentation;
import dev.weft.instrumentation.jdkhttpclient.JdkHttpClientInstrumentation;
import dev.weft.instrumentation.jdkhttpserver.JdkHttpServerInstrumentation;
import dev.weft.instrumentation.servletjakarta.ServletJakartaInstrumentation;
import dev.weft.instrumentation.servletjavax.ServletJavaxInstrumentation;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;

import static net.bytebuddy.matcher.ElementMatchers.none;

/**
 * Weft's own instrumentations: context across threads, the JDK HTTP server, the JDK's two HTTP
 * clients, and servlet containers (javax and jakarta). Classes already loaded are retransformed, the others woven as they load;
 * their advice names JDK and bootstrap classes only, and the JDK's modules are given a read edge to
 * the bootstrap classes.
 */
public final class BuiltInInstrumentations {

    private static volatile boolean installed;

    private BuiltInInstrumentations() {
    }

    /** Installs them once; later calls do nothing. */
    public static synchronized void install(Instrumentation inst) {
        if (installed) {
            return;
        }
        installed = true;
        Weaver.disableNexus();
        AgentBuilder builder = new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new FailureListener())
                .ignore(none())
                .assureReadEdgeTo(inst, Spans.class);
        builder = ExecutorsInstrumentation.apply(builder);
        builder = JdkHttpServerInstrumentation.apply(builder);
        builder = HttpUrlConnectionInstrumentation.apply(builder);
        builder = JdkHttpClientInstrumentation.apply(builder);
        builder = ServletJavaxInstrumentation.apply(builder);
        builder = ServletJakartaInstrumentation.apply(builder);
        builder.installOn(inst);
    }

    /** A JDK class that cannot be changed keeps working unchanged; Weft says so once. */
    private static final class FailureListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable throwable) {
            WeftLog.warnOnce("builtin:" + typeName, "could not instrument " + typeName
                    + "; trace context does not follow work through it: " + throwable);
        }
    }
}
