package dev.weft.agent.weave;

import dev.weft.agent.WeftLog;
import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static net.bytebuddy.matcher.ElementMatchers.any;
import static net.bytebuddy.matcher.ElementMatchers.anyOf;
import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;

/**
 * Installs the class file transformer that weaves the selected methods as classes load.
 *
 * <p>Woven-method counts are committed only once Byte Buddy reports the class transformed, so a
 * class that failed to weave never shows up as measured.
 */
public final class Weaver {

    private final WeavePlanner planner;
    private final MethodMetrics metrics;
    private final AgentMetrics agentMetrics;
    private final Map<Selector, Advice> adviceBySelector = new LinkedHashMap<>();
    /** Per thread, per class name: the probes a transformation in progress will feed. */
    private final ThreadLocal<Map<String, List<PendingProbe>>> pending = ThreadLocal.withInitial(HashMap::new);

    private record PendingProbe(MethodMetrics.Entry entry, int methods) {
    }

    public Weaver(WeftConfig config, MethodMetrics metrics, AgentMetrics agentMetrics) {
        this.planner = new WeavePlanner(config.instrument(), config.exclude());
        this.metrics = metrics;
        this.agentMetrics = agentMetrics;
        ClassFileLocator adviceLocator = ClassFileLocator.ForClassLoader.of(ProbeAdvice.class.getClassLoader());
        for (Selector selector : config.instrument()) {
            adviceBySelector.put(selector, Advice.withCustomMapping()
                    .bind(new ProbeIdBinding(selector, metrics))
                    .bind(ProbeFlags.class, Recording.flags(selector.record()))
                    .to(ProbeAdvice.class, adviceLocator));
        }
    }

    public ResettableClassFileTransformer install(Instrumentation inst) {
        // Weft's advice needs no loaded-type initializers, so Byte Buddy's "nexus" (a class injected
        // into the system class loader through Unsafe, which JDK 24+ warns about on stderr) stays off.
        // The property name is Weft's own: shading relocated it with the rest of Byte Buddy.
        System.setProperty(Nexus.PROPERTY, "true");
        return new AgentBuilder.Default()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(new CommitListener())
                // The JDK, Weft itself and other agents' copies of Byte Buddy are never user code.
                .ignore(any(), isBootstrapClassLoader())
                .or(nameStartsWith("java.").or(nameStartsWith("javax.")).or(nameStartsWith("jdk."))
                        .or(nameStartsWith("sun.")).or(nameStartsWith("com.sun."))
                        .or(nameStartsWith("dev.weft.")).or(nameStartsWith("net.bytebuddy."))
                        .or(isSynthetic()))
                .type(planner::isCandidate)
                .transform(this::transform)
                .installOn(inst);
    }

    private DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                             ClassLoader loader, JavaModule module,
                                             java.security.ProtectionDomain domain) {
        Map<Selector, List<MethodDescription.InDefinedShape>> plan = planner.plan(type);
        List<PendingProbe> probes = new ArrayList<>();
        for (Map.Entry<Selector, List<MethodDescription.InDefinedShape>> entry : plan.entrySet()) {
            Selector selector = entry.getKey();
            Map<String, Integer> overloads = new LinkedHashMap<>();
            for (MethodDescription.InDefinedShape method : entry.getValue()) {
                overloads.merge(method.getInternalName(), 1, Integer::sum);
            }
            overloads.forEach((name, count) ->
                    probes.add(new PendingProbe(metrics.probeFor(selector, type.getName(), name), count)));
            builder = builder.visit(adviceBySelector.get(selector).on(anyOf(entry.getValue())));
        }
        if (!probes.isEmpty()) {
            pending.get().put(type.getName(), probes);
        }
        return builder;
    }

    private final class CommitListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            List<PendingProbe> probes = pending.get().remove(type.getName());
            if (probes != null) {
                for (PendingProbe probe : probes) {
                    metrics.woven(probe.entry(), probe.methods());
                }
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            List<PendingProbe> probes = pending.get().remove(typeName);
            if (probes == null) {
                return; // not a class any selector claimed
            }
            agentMetrics.weaveError();
            WeftLog.warnOnce("weave:" + typeName, "could not weave " + typeName + " (selector '"
                    + probes.get(0).entry().selector() + "'); it runs unmeasured: " + throwable);
        }

        @Override
        public void onComplete(String typeName, ClassLoader loader, JavaModule module, boolean loaded) {
            pending.get().remove(typeName);
        }
    }
}
