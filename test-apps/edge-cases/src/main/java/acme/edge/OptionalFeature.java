package acme.edge;

import acme.edge.optional.Absent;

/**
 * A class whose signatures name a type that is absent at run time, as code written against an
 * optional dependency does: it works as long as that method is not called, but reflection over its
 * methods throws {@link NoClassDefFoundError}.
 */
public final class OptionalFeature {

    public int work(int i) {
        return i * 3 + 1;
    }

    public String describe(Absent absent) {
        return String.valueOf(absent);
    }
}
