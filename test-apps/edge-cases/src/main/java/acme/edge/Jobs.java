package acme.edge;

/** The work {@link LazyWorker} does. */
public final class Jobs {

    public String run(int n) {
        return "job " + n + " done on " + Thread.currentThread().getName();
    }
}
