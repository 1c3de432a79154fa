package testlib.http;

import dev.weft.agent.trace.TraceContinuity;

/** Stands for an HTTP client library: two frames of its own between the application and the exit. */
public final class FakeHttpClient {

    private final TraceContinuity continuity;

    public FakeHttpClient(TraceContinuity continuity) {
        this.continuity = continuity;
    }

    public void send(String target, boolean inTrace) {
        execute(target, inTrace);
    }

    private void execute(String target, boolean inTrace) {
        continuity.exit(TraceContinuity.Exit.HTTP_CLIENT, target, inTrace);
    }

    /** The same library reporting a kind of call it is not configured for. */
    public void query(String database) {
        continuity.exit(TraceContinuity.Exit.DB_CLIENT, database, false);
    }
}
