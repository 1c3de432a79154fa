package acme.shop;

/** The shop's items. */
public class Catalog {

    public String lookup(String name) {
        if (name.equals("broken")) {
            throw new IllegalStateException("the catalog is broken");
        }
        return "item " + name;
    }
}
