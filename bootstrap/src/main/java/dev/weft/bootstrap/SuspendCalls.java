package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Calls of selected Kotlin {@code suspend} functions, timed until the function returns for good
 * rather than to its first suspension, by reading the state machine Kotlin compiles a suspend
 * function into; no object of the application is wrapped or replaced.
 *
 * <p>A suspend function {@code f(args, Continuation caller)} that suspends returns the marker
 * {@code COROUTINE_SUSPENDED}; each resumption enters {@code f} again with its own state-machine
 * continuation (a class the compiler nests in {@code f}, whose {@code completion} is
 * {@code caller}), until an entry returns a value or throws: that is the call's end. So the first
 * entry starts the call, a suspension leaves it pending under {@code caller} (held weakly: a
 * coroutine dropped while suspended leaks nothing), and the entry that does not suspend ends it.
 *
 * <p>Only functions with a state machine of their own take this advice (weaving checks): one that
 * ends in a suspending tail call is resumed in its callee, never again in itself, and keeps the
 * timing to its return. Kotlin's classes are read by name, by reflection: the bootstrap loader
 * cannot see them.
 */
public final class SuspendCalls {

    private static final Map<IdentityKey, AsyncCall> PENDING = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    /** Per class: the function ({@code Class.method}) it is the state machine of, or "" when none. */
    private static final ClassValue<String> STATE_MACHINE_OF = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            try {
                Method enclosing = type.getEnclosingMethod();
                return enclosing == null ? "" : enclosing.getDeclaringClass().getName() + "." + enclosing.getName();
            } catch (RuntimeException | LinkageError e) {
                return "";
            }
        }
    };

    /** Per state-machine class: its public {@code getCompletion()}, the continuation it resumes when done. */
    private static final ClassValue<Method> COMPLETION = new ClassValue<>() {
        @Override
        protected Method computeValue(Class<?> type) {
            try {
                return type.getMethod("getCompletion");
            } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    };

    /** The suspension marker once seen (compared by identity first; its class is read by name). */
    private static volatile Object suspendedMarker;

    private SuspendCalls() {
    }

    /**
     * The type a suspend function takes last. A method, not a constant: a constant would be copied
     * into the agent's classes, where the agent jar renames {@code kotlin} (for its own copy).
     */
    public static String continuationType() {
        return "kotlin.coroutines.Continuation";
    }

    /** The class the compiler's state machines extend. */
    public static String continuationImplType() {
        return "kotlin.coroutines.jvm.internal.ContinuationImpl";
    }

    /**
     * On entry: the start of a call, as {@link Probes#enter}, or {@link Probes#NOT_ENTERED} when
     * this entry resumes a call already started.
     *
     * @param function the woven function as {@code Class.method}, a constant of the woven code
     */
    public static long enter(int id, int flags, Object continuation, String function) {
        if (resumes(continuation, function)) {
            return Probes.NOT_ENTERED;
        }
        return Probes.enter(id, flags);
    }

    /** On exit, normal or exceptional. */
    public static void exit(int id, int flags, long startNanos, Throwable thrown, Object returned,
                            Object continuation, String function, Object span) {
        boolean suspended = thrown == null && isSuspended(returned);
        if (startNanos != Probes.NOT_ENTERED) {
            if (!suspended || continuation == null) {
                AsyncCall.endNow(id, flags, startNanos, thrown, span);
                return;
            }
            drainCollected();
            PENDING.put(new IdentityKey(continuation, COLLECTED), new AsyncCall(id, flags, startNanos, span));
            return;
        }
        if (!suspended && resumes(continuation, function)) {
            AsyncCall call = PENDING.remove(new IdentityKey(completion(continuation)));
            if (call != null) {
                call.complete(thrown);
            }
        }
    }

    private static boolean resumes(Object continuation, String function) {
        return continuation != null && STATE_MACHINE_OF.get(continuation.getClass()).equals(function);
    }

    private static Object completion(Object stateMachine) {
        Method method = COMPLETION.get(stateMachine.getClass());
        try {
            return method == null ? null : method.invoke(stateMachine);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static boolean isSuspended(Object returned) {
        if (returned == null) {
            return false;
        }
        Object marker = suspendedMarker;
        if (returned == marker) {
            return true;
        }
        if (returned instanceof Enum && ((Enum<?>) returned).name().equals("COROUTINE_SUSPENDED")
                && returned.getClass().getName().endsWith(".coroutines.intrinsics.CoroutineSingletons")) {
            suspendedMarker = returned;
            return true;
        }
        return false;
    }

    private static void drainCollected() {
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            PENDING.remove(gone);
        }
    }
}
