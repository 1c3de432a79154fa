package acme.edge;

public final class Concrete extends AbstractBase {

    private final int offset;

    /** A constructor that does work, and throws for bad input. */
    public Concrete(int offset) {
        if (offset > 1000) {
            throw new IllegalArgumentException("offset too large");
        }
        this.offset = offset * 2 - offset;
    }

    @Override
    public int compute(int x) {
        return x + offset;
    }
}
