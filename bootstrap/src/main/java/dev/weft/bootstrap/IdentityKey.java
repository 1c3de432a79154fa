package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;

/**
 * A map key that stands for an object by identity and holds it weakly: what Weft keeps beside the
 * application's objects (a task's context, an HTTP exchange's span) never keeps them alive, and
 * never calls their {@code equals} or {@code hashCode}. A key whose object was collected equals
 * only itself; its map drops it when it comes out of the queue.
 */
final class IdentityKey extends WeakReference<Object> {

    private final int hash;

    /** A key to store, enqueued on {@code queue} once its object is collected. */
    IdentityKey(Object referent, ReferenceQueue<Object> queue) {
        super(referent, queue);
        this.hash = System.identityHashCode(referent);
    }

    /** A key to look up with. */
    IdentityKey(Object referent) {
        this(referent, null);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        Object referent = get();
        return referent != null && other instanceof IdentityKey && ((IdentityKey) other).get() == referent;
    }
}
