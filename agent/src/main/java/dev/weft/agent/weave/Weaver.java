package dev.weft.agent.weave;

import dev.weft.agent.support.WeftLog;
import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.AgentMetrics;
import dev.weft.agent.metrics.MethodMetrics;
import dev.weft.bootstrap.Probes;
import dev.weft.instrumentation.weaving.BootstrapVisibility;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.Nexus;
import net.bytebuddy.pool.TypePool;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weaves the selected methods: as classes load, and by retransformation of classes already loaded
 * when the rules change (attach, reload).
 *
 * <p>What a class runs with is committed to {@link MethodMetrics} only once its new class file is
 * made, so a class that failed to weave never shows up as measured; a class retransformed to
 * nothing is committed as unwoven.
 *
 * <p>The class file transformer is Weft's own rather than Byte Buddy's agent builder, which Weft
 * used only for these few steps and which costs a JVM a good tenth of a second to set up: a class
 * is ruled out by its name where the selectors allow, else described from its class file, planned,
 * and woven with the prepared advice of {@link WeavingKit}.
 */
public final class Weaver {

    private final Instrumentation inst;
    private final MethodMetrics metrics;
    private final AgentMetrics agentMetrics;
    private final Retransformer retransformer;
    private volatile WeaveRules rules;
    private volatile WeavingKit kit;
    private boolean installed;

    /** @param retransformBatch loaded classes per retransformation call */
    public Weaver(Instrumentation inst, MethodMetrics metrics, AgentMetrics agentMetrics, int retransformBatch) {
        this.inst = inst;
        this.metrics = metrics;
        this.agentMetrics = agentMetrics;
        this.retransformer = new Retransformer(inst, metrics, retransformBatch);
        this.rules = new WeaveRules(WeftConfig.empty(null, ""));
    }

    /**
     * Starts preparing Byte Buddy for weaving on a background thread, so that it is ready, or
     * nearly, when the first rules are applied. Called once at start, before the config is read.
     */
    public static void prepareInBackground() {
        WeavingKit.prepareInBackground();
    }

    /**
     * Waits until the background preparation, if one was started, is done. Byte Buddy is used
     * from any other thread only after that: two threads initialising Byte Buddy's classes at once
     * could deadlock.
     */
    public static void awaitBackgroundPreparation() {
        WeavingKit.awaitIfStarted();
    }

    /**
     * Puts a config's selectors in force: classes loading from now on are woven by them, and the
     * loaded classes whose weaving they change are retransformed, in batches. Called from one
     * thread at a time (start, then the reload thread).
     */
    public synchronized RetransformReport apply(WeftConfig config) {
        if (!installed && config.instrument().isEmpty()) {
            return RetransformReport.NONE; // nothing to weave yet: Byte Buddy is not needed
        }
        if (kit == null) {
            kit = WeavingKit.get();
        }
        WeaveRules previous = rules;
        WeaveRules next = new WeaveRules(config);
        rules = next;
        if (!installed) {
            inst.addTransformer(new Transformer(), true);
            installed = true;
        }
        return retransformer.retransform(affectedClasses(previous, next));
    }

    /** Loaded classes that the new rules weave differently from the old ones. */
    private List<Class<?>> affectedClasses(WeaveRules previous, WeaveRules next) {
        List<Class<?>> affected = new ArrayList<>();
        for (Class<?> type : inst.getAllLoadedClasses()) {
            if (type.getClassLoader() == null || type.isArray() || type.isPrimitive()) {
                continue;
            }
            String name = type.getName();
            if (WeaveRules.isNeverWoven(name) || !(previous.mayWeave(name) || next.mayWeave(name))
                    || !inst.isModifiableClass(type)) {
                continue;
            }
            if (weavesDifferently(type, previous, next)) {
                affected.add(type);
            }
        }
        return affected;
    }

    /**
     * Compares the two rules on the loaded class, described by reflection where it can be (fast),
     * else from its class file, as weaving describes it: reflection throws for a class whose
     * signatures name a type that is absent (an optional dependency). A class that neither can
     * describe is retransformed: weaving then decides from the bytes the JVM hands it.
     */
    private static boolean weavesDifferently(Class<?> type, WeaveRules previous, WeaveRules next) {
        TypeDescription description;
        ClassFileLocator classFiles = ClassFileLocator.ForClassLoader.of(type.getClassLoader());
        // read from the class file, so an annotation whose class is absent counts, as when weaving
        MethodAnnotationNames annotations = MethodAnnotationNames.located(classFiles, type.getName());
        try {
            description = TypeDescription.ForLoadedType.of(type);
            return !previous.fingerprint(description, annotations).equals(next.fingerprint(description, annotations));
        } catch (RuntimeException | LinkageError e) {
            // described from the class file below
        }
        try {
            description = WeavingKit.typePool(classFiles).describe(type.getName()).resolve();
            return !previous.fingerprint(description, annotations).equals(next.fingerprint(description, annotations));
        } catch (RuntimeException | LinkageError e) {
            return true;
        }
    }

    /**
     * Weft's advice needs no loaded-type initializers, so Byte Buddy's "nexus" (a class injected
     * into the system class loader through Unsafe, which JDK 24+ warns about on stderr) stays off.
     * The property name is Weft's own: shading relocated it with the rest of Byte Buddy. Called
     * before any agent builder is made.
     */
    public static void disableNexus() {
        System.setProperty(Nexus.PROPERTY, "true");
    }

    /** The class file of a class as the rules in force weave it, or {@code null} to leave it as it is. */
    private byte[] weave(ClassLoader loader, String name, boolean loaded, byte[] classFile) {
        WeaveRules current = rules;
        if (!current.mayWeave(name, classFile)) {
            return unwoven(loader, name, loaded);
        }
        WeavingKit weaving = kit;
        Map<Selector, List<MethodDescription.InDefinedShape>> plan;
        ClassFileLocator locator;
        TypePool pool;
        TypeDescription type;
        try {
            // Loaded or not, a class is described from its class file: the same decisions at load
            // time and on retransformation.
            locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(name, classFile),
                    ClassFileLocator.ForClassLoader.of(loader));
            pool = WeavingKit.typePool(locator);
            type = pool.describe(name).resolve();
            plan = type.isSynthetic() ? Map.of() : current.plan(type, MethodAnnotationNames.of(classFile));
        } catch (RuntimeException | LinkageError e) {
            return unwoven(loader, name, loaded); // not a class any selector could claim
        }
        if (plan.isEmpty()) {
            return unwoven(loader, name, loaded);
        }
        if (!BootstrapVisibility.reaches(loader)) {
            unwoven(loader, name, loaded);
            agentMetrics.weaveError();
            // A module system has many such loaders, one per bundle or module: one line for them all.
            WeftLog.warnOnce("weave-loader:" + loader.getClass().getName(), "not weaving selected classes in "
                    + BootstrapVisibility.refusal(loader) + "; they run unmeasured (first: " + name
                    + "; said once for all loaders of this kind)");
            return null;
        }
        try {
            List<MethodMetrics.WovenMethod> woven = new ArrayList<>();
            List<WeavingKit.Group> groups = new ArrayList<>();
            Map<String, int[]> constants = new HashMap<>();
            for (Map.Entry<Selector, List<MethodDescription.InDefinedShape>> entry : plan.entrySet()) {
                Selector selector = entry.getKey();
                boolean captures = selector.capture().readsValues();
                int flags = Recording.flags(selector.record());
                Map<String, MethodMetrics.Entry> probes = new LinkedHashMap<>();
                Map<AsyncReturn, List<MethodDescription.InDefinedShape>> byEnd = new LinkedHashMap<>();
                for (MethodDescription.InDefinedShape method : entry.getValue()) {
                    MethodMetrics.Entry probe = probes.computeIfAbsent(method.getInternalName(),
                            methodName -> metrics.probeFor(selector, name, methodName));
                    woven.add(new MethodMetrics.WovenMethod(probe, signature(method)));
                    // Capturing reads the return value as the method returns it: such a selector stays synchronous.
                    AsyncReturn end = selector.async() && !captures ? AsyncReturn.of(method, type, pool) : AsyncReturn.NONE;
                    int traced = end != AsyncReturn.NONE && selector.trace() ? Probes.TRACED : 0;
                    constants.put(WeavingKit.key(method), new int[] {probe.id(), flags | traced});
                    byEnd.computeIfAbsent(end, e -> new ArrayList<>()).add(method);
                }
                byEnd.forEach((end, methods) -> groups.add(new WeavingKit.Group(selector.trace(), captures, end, methods)));
            }
            byte[] result = weaving.weave(type, locator, pool, groups, constants);
            metrics.commit(loader, name, woven);
            return result;
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            if (loaded) {
                metrics.commit(loader, name, List.of()); // the JVM keeps the bytes before Weft's
            }
            agentMetrics.weaveError();
            WeftLog.warnOnce("weave:" + name, "could not weave " + name + " (selector '"
                    + plan.keySet().iterator().next().name() + "'); it runs unmeasured: " + e);
            return null;
        }
    }

    /** Leaves a class as it is; a loaded one was retransformed to its original bytes, so nothing is woven there now. */
    private byte[] unwoven(ClassLoader loader, String name, boolean loaded) {
        if (loaded) {
            metrics.commit(loader, name, List.of());
        }
        return null;
    }

    /** {@code name(type, type)} with parameter types as Java names, e.g. {@code place(java.lang.String, int)}. */
    static String signature(MethodDescription method) {
        List<String> parameters = new ArrayList<>();
        for (TypeDescription parameter : method.getParameters().asTypeList().asErasures()) {
            parameters.add(parameter.getActualName());
        }
        return method.getInternalName() + "(" + String.join(", ", parameters) + ")";
    }

    /**
     * Hands each class that may be user code to {@link #weave}. A class loaded while this thread is
     * already weaving one (a class loader's own helper, say) is left as it is.
     */
    private final class Transformer implements ClassFileTransformer {
        private final ThreadLocal<Boolean> weaving = new ThreadLocal<>();

        @Override
        public byte[] transform(Module module, ClassLoader loader, String internalName, Class<?> classBeingRedefined,
                                ProtectionDomain protectionDomain, byte[] classFile) {
            if (loader == null || internalName == null || weaving.get() != null) {
                return null; // the bootstrap loader's classes are never woven
            }
            String name = internalName.replace('/', '.');
            if (WeaveRules.isNeverWoven(name)) {
                return null;
            }
            weaving.set(Boolean.TRUE);
            try {
                return weave(loader, name, classBeingRedefined != null, classFile);
            } catch (Throwable e) {
                return null; // never into the class loading of the application
            } finally {
                weaving.remove();
            }
        }
    }
}
