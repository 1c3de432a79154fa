package dev.weft.agent.trace;

/**
 * Where traces break: for every entry point, how many requests came with a valid upstream trace
 * context and how many began a new trace; for every exit, how many calls were made outside any
 * trace, named by the method that made them. The tracing handlers of every built-in (HTTP, JDBC,
 * messaging, RPC) report here.
 */
public final class TraceContinuity {

    /** Where work enters the service. */
    public enum Entry {
        HTTP_SERVER, MESSAGING_CONSUMER, RPC_SERVER
    }

    /** Where work leaves it. */
    public enum Exit {
        HTTP_CLIENT, MESSAGING_PRODUCER, RPC_CLIENT, DB_CLIENT
    }

    /**
     * One request arrived at {@code name} (a route template, a topic, a full RPC method name).
     *
     * @param continued whether it carried a valid upstream {@code traceparent} that its span continues
     */
    public void entry(Entry kind, String name, boolean continued) {
    }

    /**
     * One call left through {@code target} (a host and port, a topic, a full RPC method name, a
     * database).
     *
     * @param inTrace whether a trace was current on the calling thread
     */
    public void exit(Exit kind, String target, boolean inTrace) {
    }
}
