package acme.edge;

/** Recursion until the stack overflows: Weft's exit code runs on an exhausted stack too. */
public final class Recursion {

    public int down(int depth) {
        return depth <= 0 ? 0 : 1 + down(depth - 1);
    }

    public int forever(int depth) {
        return 1 + forever(depth + 1);
    }
}
