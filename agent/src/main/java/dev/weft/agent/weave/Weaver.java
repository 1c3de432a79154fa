package dev.weft.agent.weave;

import dev.weft.agent.WeftLog;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.matcher.ElementMatcher;
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

/**
 * Weaves the selected methods: as classes load, and by retransformation of classes already loaded
 * when the rules change (attach, reload).
 *
 * <p>What a class runs with is committed to {@link MethodMetrics} only once Byte Buddy reports the
 * class transformed, so a class that failed to weave never shows up as measured; a class
 * retransformed to nothing is committed as unwoven.
 */
public final class Weaver {

    private final Instrumentation inst;
    private final MethodMetrics metrics;
    private final AgentMetrics agentMetrics;
    private final Retransformer retransformer;
    private volatile WeaveRules rules;
    private ResettableClassFileTransformer transformer;
    /** Per thread, per class name: the plan the type matcher made, for the transformation that follows. */
    private final ThreadLocal<Map<String, Planned>> planned = ThreadLocal.withInitial(HashMap::new);

    private static final class Planned {
        final WeaveRules rules;
        final Map<Selector, List<MethodDescription.InDefinedShape>> plan;
        final List<MethodMetrics.WovenMethod> woven = new ArrayList<>();

        Planned(WeaveRules rules, Map<Selector, List<MethodDescription.InDefinedShape>> plan) {
            this.rules = rules;
            this.plan = plan;
        }
    }

    /** @param retransformBatch loaded classes per retransformation call */
    public Weaver(Instrumentation inst, MethodMetrics metrics, AgentMetrics agentMetrics, int retransformBatch) {
        this.inst = inst;
        this.metrics = metrics;
        this.agentMetrics = agentMetrics;
        this.retransformer = new Retransformer(inst, metrics, retransformBatch);
        this.rules = new WeaveRules(WeftConfig.empty(null, ""), metrics);
    }

    /**
     * Puts a config's selectors in force: classes loading from now on are woven by them, and the
     * loaded classes whose weaving they change are retransformed, in batches. Called from one
     * thread at a time (start, then the reload thread).
     */
    public synchronized RetransformReport apply(WeftConfig config) {
        WeaveRules previous = rules;
        WeaveRules next = new WeaveRules(config, metrics);
        rules = next;
        if (transformer == null) {
            if (next.isEmpty()) {
                return RetransformReport.NONE;
            }
            transformer = install();
        }
        return retransformer.retransform(affectedClasses(previous, next));
    }

    /** Loaded classes that the new rules weave differently from the old ones. */
    private List<Class<?>> affectedClasses(WeaveRules previous, WeaveRules next) {
        List<Class<?>> affected = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (type.getClassLoader() == null || type.isArray() || type.isPrimitive()
                    || WeaveRules.isNeverWoven(type.getName()) || !inst.isModifiableClass(type)) {
                continue;
            }
            try {
                TypeDescription description = TypeDescription.ForLoadedType.of(type);
                if (!previous.fingerprint(description).equals(next.fingerprint(description))) {
                    affected.add(type);
                }
            } catch (RuntimeException | LinkageError e) {
                // A class whose members cannot be resolved is left as it is.
            }
        }
        return affected;
    }

    private ResettableClassFileTransformer install() {
        disableNexus();
        return new AgentBuilder.Default()
                .disableClassFormatChanges()
                .with(AgentBuilder.TypeStrategy.Default.DECORATE)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                // Loaded or not, a class is described from its class file: the same decisions at load
                // time and on retransformation.
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                // Retransformation capable, but the loaded classes are chosen by Weft (affectedClasses)
                // and retransformed by it in batches, not all at once here.
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                .with((AgentBuilder.RedefinitionStrategy.DiscoveryStrategy) instrumentation -> List.of())
                .with(new CommitListener())
                .ignore(any(), isBootstrapClassLoader())
                .or((ElementMatcher<TypeDescription>) type -> WeaveRules.isNeverWoven(type.getName()))
                .or(isSynthetic())
                .type(this::planFor)
                .transform(this::transform)
                .installOn(inst);
    }

    /**
     * Weft's advice needs no loaded-type initializers, so Byte Buddy's "nexus" (a class injected
     * into the system class loader through Unsafe, which JDK 24+ warns about on stderr) stays off.
     * The property name is Weft's own: shading relocated it with the rest of Byte Buddy. Called
     * before any agent builder is made.
     */
    static void disableNexus() {
        System.setProperty(Nexus.PROPERTY, "true");
    }

    /** The type matcher: plans the class with the rules in force, remembering the plan. */
    private boolean planFor(TypeDescription type) {
        WeaveRules current = rules;
        Map<Selector, List<MethodDescription.InDefinedShape>> plan = current.plan(type);
        if (plan.isEmpty()) {
            return false;
        }
        planned.get().put(type.getName(), new Planned(current, plan));
        return true;
    }

    private DynamicType.Builder<?> transform(DynamicType.Builder<?> builder, TypeDescription type,
                                             ClassLoader loader, JavaModule module,
                                             java.security.ProtectionDomain domain) {
        Planned planned = this.planned.get().get(type.getName());
        if (planned == null) {
            return builder;
        }
        for (Map.Entry<Selector, List<MethodDescription.InDefinedShape>> entry : planned.plan.entrySet()) {
            Selector selector = entry.getKey();
            Map<String, MethodMetrics.Entry> probes = new LinkedHashMap<>();
            for (MethodDescription.InDefinedShape method : entry.getValue()) {
                MethodMetrics.Entry probe = probes.computeIfAbsent(method.getInternalName(),
                        name -> metrics.probeFor(selector, type.getName(), name));
                planned.woven.add(new MethodMetrics.WovenMethod(probe, signature(method)));
            }
            builder = builder.visit(planned.rules.adviceFor(selector).on(anyOf(entry.getValue())));
        }
        return builder;
    }

    /** {@code name(type, type)} with parameter types as Java names, e.g. {@code place(java.lang.String, int)}. */
    static String signature(MethodDescription method) {
        List<String> parameters = new ArrayList<>();
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            parameters.add(parameter.getActualName());
        }
        return method.getInternalName() + "(" + String.join(", ", parameters) + ")";
    }

    private final class CommitListener extends AgentBuilder.Listener.Adapter {
        @Override
        public void onTransformation(TypeDescription type, ClassLoader loader, JavaModule module,
                                     boolean loaded, DynamicType dynamicType) {
            Planned done = planned.get().get(type.getName());
            metrics.commit(loader, type.getName(), done == null ? List.of() : done.woven);
        }

        @Override
        public void onIgnored(TypeDescription type, ClassLoader loader, JavaModule module, boolean loaded) {
            if (loaded) {
                // Retransformed to its original bytes: nothing is woven there any more.
                metrics.commit(loader, type.getName(), List.of());
            }
        }

        @Override
        public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded,
                            Throwable throwable) {
            Planned failed = planned.get().get(typeName);
            if (failed == null) {
                return; // not a class any selector claimed
            }
            if (loaded) {
                metrics.commit(loader, typeName, List.of()); // the JVM keeps the bytes before Weft's
            }
            agentMetrics.weaveError();
            WeftLog.warnOnce("weave:" + typeName, "could not weave " + typeName + " (selector '"
                    + failed.plan.keySet().iterator().next().name() + "'); it runs unmeasured: " + throwable);
        }

        @Override
        public void onComplete(String typeName, ClassLoader loader, JavaModule module, boolean loaded) {
            planned.get().remove(typeName);
        }
    }
}
