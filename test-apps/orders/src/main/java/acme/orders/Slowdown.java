package acme.orders;

/** A delay the service adds to every order, set over HTTP, so tests can make it breach its objectives. */
final class Slowdown {

    private static volatile long millis;

    private Slowdown() {
    }

    static void set(long newMillis) {
        millis = newMillis;
    }

    static void pause() {
        long delay = millis;
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
