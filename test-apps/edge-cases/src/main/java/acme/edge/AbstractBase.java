package acme.edge;

/** An abstract method has no body to weave; its implementation does. */
public abstract class AbstractBase {

    public abstract int compute(int x);

    public int twice(int x) {
        return 2 * compute(x);
    }
}
