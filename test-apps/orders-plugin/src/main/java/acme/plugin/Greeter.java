package acme.plugin;

/** Loaded by the orders service in an isolated class loader whose parent is the platform loader. */
public class Greeter {
    public String greet(String name) {
        return "hello " + name;
    }
}
