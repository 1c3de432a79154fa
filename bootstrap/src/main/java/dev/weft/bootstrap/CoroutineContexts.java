package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The trace context a Kotlin coroutine was created in, kept beside the coroutine (its {@code Job})
 * and made current around each of its resumptions, on whichever thread it resumes. Coroutines are
 * keys by identity, held weakly: a finished coroutine leaks nothing. The coroutine's own context
 * (a Kotlin object no bootstrap class can name) is left as the application made it.
 *
 * <p>A map that lets readers in without a lock: every resumption of every coroutine looks here,
 * from as many threads as the dispatchers have.
 */
public final class CoroutineContexts {

    private static final Map<IdentityKey, Object> CREATED_IN = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private CoroutineContexts() {
    }

    /** When a coroutine is created, on the creating thread. */
    public static void created(Object coroutine) {
        Object context = Spans.capture();
        if (context == null || coroutine == null) {
            return;
        }
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            CREATED_IN.remove(gone);
        }
        CREATED_IN.put(new IdentityKey(coroutine, COLLECTED), context);
    }

    /**
     * When the coroutine {@code coroutine} resumes (or starts) on this thread: the context it was
     * created in becomes current, or none for a coroutine created outside any trace, whatever the
     * thread had. {@code null} (code resumed outside any coroutine, such as a sequence builder's)
     * leaves the thread as it is. Returns what {@link Spans#detach} needs once it suspends or ends.
     */
    public static Object resuming(Object coroutine) {
        if (coroutine == null) {
            return null;
        }
        Object context = CREATED_IN.isEmpty() ? null : CREATED_IN.get(new IdentityKey(coroutine));
        return context != null ? Spans.attach(context) : Spans.attachNone();
    }
}
