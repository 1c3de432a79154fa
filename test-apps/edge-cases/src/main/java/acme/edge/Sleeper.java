package acme.edge;

/** A method that waits and is interrupted: Weft must neither swallow nor add an interrupt. */
public final class Sleeper {

    /** Sleeps briefly; returns 1 when interrupted, with the interrupt status restored as good code does. */
    public int nap() {
        try {
            Thread.sleep(1);
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    /** Lets the interruption out to the caller. */
    public void napOrThrow() throws InterruptedException {
        Thread.sleep(1);
    }
}
