package acme.orders;

/** Work that runs on another thread than the request that asked for it. */
public class HopWork {

    public String work(String via) {
        return "worked via " + via + " on " + Thread.currentThread().getName();
    }
}
