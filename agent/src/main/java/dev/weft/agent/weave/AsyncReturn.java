package dev.weft.agent.weave;

import dev.weft.bootstrap.SuspendCalls;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterList;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.pool.TypePool;

import java.util.concurrent.CompletionStage;

/**
 * What a method's declared return says of when its call ends, decided at weave time: a method
 * that returns work still running ends when that work does; every other method keeps the
 * synchronous advice and its cost, nothing more.
 */
enum AsyncReturn {
    /** Ends when it returns. */
    NONE,
    /** A {@code CompletionStage} or one of its subtypes: ends when the stage completes. */
    STAGE,
    /** Exactly Reactor's {@code Mono} (the advice hands back a {@code Mono}, which a subtype's caller could not take). */
    MONO,
    /** Exactly Reactor's {@code Flux}. */
    FLUX,
    /** A Kotlin {@code suspend} function with a state machine of its own: ends after its last resumption. */
    SUSPEND;

    private static final String MONO_TYPE = "reactor.core.publisher.Mono";
    private static final String FLUX_TYPE = "reactor.core.publisher.Flux";

    static AsyncReturn of(MethodDescription.InDefinedShape method, TypeDescription declaringType, TypePool pool) {
        TypeDescription returned = method.getReturnType().asErasure();
        if (returned.represents(void.class) || returned.isPrimitive()) {
            return NONE;
        }
        String name = returned.getName();
        if (name.equals(MONO_TYPE)) {
            return MONO;
        }
        if (name.equals(FLUX_TYPE)) {
            return FLUX;
        }
        if (returned.represents(Object.class)) {
            return isSuspendWithStateMachine(method, declaringType, pool) ? SUSPEND : NONE;
        }
        if (returned.isArray() || (name.startsWith("java.") && !name.startsWith("java.util.concurrent."))) {
            return NONE; // decided by name: no class file of the JDK outside java.util.concurrent is a stage
        }
        try {
            // A type of the application's is read from its class file, its super types too: once per
            // class woven, and only for methods a selector picked.
            return returned.isAssignableTo(CompletionStage.class) ? STAGE : NONE;
        } catch (RuntimeException | LinkageError e) {
            return NONE; // a return type whose hierarchy cannot be read is not known to be a stage
        }
    }

    /** Nested classes looked at for a suspend function's state machine ({@code Outer$f$1}, {@code $2}, ...). */
    private static final int STATE_MACHINE_CANDIDATES = 8;

    /**
     * A suspend function takes a {@code Continuation} last and returns {@code Object}; it has a
     * state machine when the compiler nested a continuation class in it, named after it (one that
     * ends in a tail call has none, and is never entered again). The class is anonymous, so the
     * outer class does not list it: it is looked up by the compiler's names. Kotlin's names come
     * from the bootstrap class, when needed: the agent jar renames {@code kotlin} in its own classes,
     * and weaving is prepared before the bootstrap classes are defined.
     */
    private static boolean isSuspendWithStateMachine(MethodDescription.InDefinedShape method, TypeDescription type,
                                                     TypePool pool) {
        ParameterList<?> parameters = method.getParameters();
        if (parameters.isEmpty()
                || !parameters.get(parameters.size() - 1).getType().asErasure().getName().equals(SuspendCalls.continuationType())) {
            return false;
        }
        try {
            for (int i = 1; i <= STATE_MACHINE_CANDIDATES; i++) {
                TypePool.Resolution resolution = pool.describe(type.getName() + "$" + method.getName() + "$" + i);
                if (!resolution.isResolved()) {
                    return false;
                }
                TypeDescription nested = resolution.resolve();
                // A state machine extends ContinuationImpl itself; a suspend lambda in the body, through SuspendLambda.
                TypeDescription.Generic superClass = nested.getSuperClass();
                if (method.equals(nested.getEnclosingMethod()) && superClass != null
                        && superClass.asErasure().getName().equals(SuspendCalls.continuationImplType())) {
                    return true;
                }
            }
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
        return false;
    }
}
