package dev.weft.agent.weave;

import dev.weft.agent.support.DaemonThreads;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.TypeResolutionStrategy;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.pool.TypePool;

import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;

import static net.bytebuddy.matcher.ElementMatchers.anyOf;

/**
 * What weaving needs whatever the config says: one Byte Buddy, and the advice prepared once for
 * every selector. Which probe id and flags a method gets is not part of the advice: the weaving
 * thread hands them over for the class at hand (see {@link #weave}), so a reload prepares nothing
 * again.
 *
 * <p>Making these for the first time is most of the start-up cost of weaving (Byte Buddy's classes
 * load and run cold), so at start they are made on a background thread while the config is read.
 * Nothing is woven before they are ready: {@link #get} waits for them.
 */
final class WeavingKit {

    private static final FutureTask<WeavingKit> PREPARED = new FutureTask<>(WeavingKit::new);
    private static final AtomicBoolean STARTED = new AtomicBoolean();

    /** Per weaving thread: probe id and flags by method name plus descriptor, for the class being woven. */
    private static final ThreadLocal<Map<String, int[]>> CONSTANTS = new ThreadLocal<>();

    private final ByteBuddy byteBuddy;
    private final ClassFileLocator adviceLocator;
    private final TypePool advicePool;
    /** Synchronous, by kind: plain, capturing, traced, traced and capturing. */
    private static final Class<?>[] ADVICE = {ProbeAdvice.class, CaptureProbeAdvice.class, TracedProbeAdvice.class,
            TracedCaptureProbeAdvice.class};
    /**
     * Asynchronous, by {@link AsyncReturn} (traced or not by a flag). Named, not loaded: the
     * Reactor ones name Reactor, which only the woven class's loader sees.
     */
    private static final Map<AsyncReturn, String> ASYNC_ADVICE = Map.of(
            AsyncReturn.STAGE, "dev.weft.agent.weave.StageProbeAdvice",
            AsyncReturn.MONO, "dev.weft.agent.weave.MonoProbeAdvice",
            AsyncReturn.FLUX, "dev.weft.agent.weave.FluxProbeAdvice",
            AsyncReturn.SUSPEND, "dev.weft.agent.weave.SuspendProbeAdvice");
    private final Advice[] advice = new Advice[ADVICE.length];
    private final Map<AsyncReturn, Advice> asyncAdvice = new java.util.concurrent.ConcurrentHashMap<>();

    private WeavingKit() {
        // Woven classes keep their format: no added fields or methods, no type initializer. Advice
        // only rewrites the methods a class declares, so its super types need not be read and
        // analysed for a method graph.
        byteBuddy = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE)
                .with(Implementation.Context.Disabled.Factory.INSTANCE);
        adviceLocator = ClassFileLocator.ForClassLoader.of(ProbeAdvice.class.getClassLoader());
        advicePool = TypePool.Default.of(adviceLocator);
        advice[0] = advice(TypeDescription.ForLoadedType.of(ProbeAdvice.class));
    }

    private Advice advice(TypeDescription type) {
        return Advice.withCustomMapping()
                .bind(new Constant<>(ProbeId.class, 0))
                .bind(new Constant<>(ProbeFlags.class, 1))
                .bind(new LastArgumentMapping())
                .to(type, adviceLocator);
    }

    /** The advice for a group; all but the plain one are made when first needed. */
    private Advice adviceFor(Group group) {
        if (group.async() != AsyncReturn.NONE) {
            return asyncAdvice.computeIfAbsent(group.async(),
                    async -> advice(advicePool.describe(ASYNC_ADVICE.get(async)).resolve()));
        }
        int kind = (group.traced() ? 2 : 0) + (group.captures() ? 1 : 0);
        Advice made = advice[kind];
        if (made == null) {
            // two weaving threads may both make it: the same advice either way (its fields are final)
            advice[kind] = made = advice(TypeDescription.ForLoadedType.of(ADVICE[kind]));
        }
        return made;
    }

    /** Starts making the kit on a daemon thread, unless that has started already. */
    static void prepareInBackground() {
        if (STARTED.compareAndSet(false, true)) {
            DaemonThreads.start("weft-prepare", PREPARED);
        }
    }

    /** Waits for the kit if it is being made. */
    static void awaitIfStarted() {
        if (STARTED.get()) {
            get();
        }
    }

    /** The kit: made here and now if no one started making it, else once it is ready. */
    static WeavingKit get() {
        if (STARTED.compareAndSet(false, true)) {
            PREPARED.run();
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return PREPARED.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("cannot prepare weaving: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A type pool as weaving uses it: class files from the locator, resolved lazily. */
    static TypePool typePool(ClassFileLocator locator) {
        return new TypePool.Default.WithLazyResolution(TypePool.CacheProvider.Simple.withObjectType(), locator,
                TypePool.Default.ReaderMode.FAST);
    }

    /**
     * The class file of {@code type} with each group's methods woven with its advice.
     *
     * @param constants probe id and flags for each woven method, by {@link #key}
     */
    byte[] weave(TypeDescription type, ClassFileLocator locator, TypePool pool, List<Group> groups,
                 Map<String, int[]> constants) {
        DynamicType.Builder<?> builder = byteBuddy.decorate(type, locator);
        for (Group group : groups) {
            builder = builder.visit(adviceFor(group).on(anyOf(group.methods())));
        }
        Map<String, int[]> outer = CONSTANTS.get();
        CONSTANTS.set(constants);
        try {
            return builder.make(TypeResolutionStrategy.Disabled.INSTANCE, pool).getBytes();
        } finally {
            if (outer == null) {
                CONSTANTS.remove();
            } else {
                CONSTANTS.set(outer);
            }
        }
    }

    /**
     * Methods woven with one advice: with or without a span, with or without capturing values,
     * ending when they return or when the work they return ends.
     */
    record Group(boolean traced, boolean captures, AsyncReturn async, List<MethodDescription.InDefinedShape> methods) {
    }

    static String key(MethodDescription method) {
        return method.getInternalName() + method.getDescriptor();
    }

    /** Binds {@link LastArgument} to the woven method's last parameter, read as it is. */
    private static final class LastArgumentMapping implements Advice.OffsetMapping.Factory<LastArgument> {
        @Override
        public Class<LastArgument> getAnnotationType() {
            return LastArgument.class;
        }

        @Override
        public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                         AnnotationDescription.Loadable<LastArgument> annotation, AdviceType adviceType) {
            return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) -> {
                ParameterList<?> parameters = instrumentedMethod.getParameters();
                if (parameters.isEmpty()) {
                    throw new IllegalStateException("no last argument in " + instrumentedMethod);
                }
                return new Advice.OffsetMapping.ForArgument.Resolved(target.getType(), true, Assigner.Typing.STATIC,
                        parameters.get(parameters.size() - 1)).resolve(instrumentedType, instrumentedMethod, assigner,
                        argumentHandler, sort);
            };
        }
    }

    /** Binds an advice parameter to the weaving thread's constant for the woven method. */
    private static final class Constant<T extends Annotation> implements Advice.OffsetMapping.Factory<T> {
        private final Class<T> annotation;
        private final int index;

        Constant(Class<T> annotation, int index) {
            this.annotation = annotation;
            this.index = index;
        }

        @Override
        public Class<T> getAnnotationType() {
            return annotation;
        }

        @Override
        public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
                                         AnnotationDescription.Loadable<T> annotation, AdviceType adviceType) {
            return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) -> {
                Map<String, int[]> constants = CONSTANTS.get();
                int[] values = constants == null ? null : constants.get(key(instrumentedMethod));
                if (values == null) {
                    throw new IllegalStateException("no probe for " + instrumentedType.getName() + "."
                            + instrumentedMethod.getInternalName());
                }
                return new Advice.OffsetMapping.Target.ForStackManipulation(IntegerConstant.forValue(values[index]));
            };
        }
    }
}
