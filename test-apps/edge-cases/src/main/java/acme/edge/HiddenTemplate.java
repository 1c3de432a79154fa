package acme.edge;

/** Its class file is defined again as a hidden class (Lookup.defineHiddenClass), which no agent may change. */
public final class HiddenTemplate implements java.util.function.IntSupplier {

    @Override
    public int getAsInt() {
        return 42;
    }
}
