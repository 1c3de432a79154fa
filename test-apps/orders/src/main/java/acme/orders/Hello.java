package acme.orders;

/** A program that prints one line and ends: the JVM must exit when its main method returns. */
public final class Hello {

    private Hello() {
    }

    public static void main(String[] args) {
        System.out.println("hello from " + new OrderService(new InMemoryOrderRepository()).getClass().getSimpleName());
    }
}
