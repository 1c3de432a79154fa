package acme.edge;

/** A native method (never linked, never called) next to a plain one: weaving must leave it alone. */
public final class Natives {

    public static native long unlinked(long x);

    public long plain(long x) {
        return x + 1;
    }
}
