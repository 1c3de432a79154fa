package dev.weft.instrumentation.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An HTTP span woven code opened through {@code HttpSpans}, as the {@link Recorder} saw it. */
public final class RecordedSpan {

    public enum Kind { SERVER, CLIENT }

    /** A trace context: what {@code Spans.capture()} hands to other threads. */
    public record Context(String traceId, String spanId) {
    }

    private final Kind kind;
    private final String method;
    private final String target;
    private final String initialRoute;
    private volatile String route;
    private final List<String> incomingTraceparent;
    private final List<String> incomingTracestate;
    private final Context context;
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile int status;
    private volatile Throwable thrown;
    /** What puts the previous context back when a server span ends. */
    volatile Object token;

    RecordedSpan(Kind kind, String method, String target, String route, List<String> incomingTraceparent,
                 List<String> incomingTracestate, Context context) {
        this.kind = kind;
        this.method = method;
        this.target = target;
        this.route = route;
        this.initialRoute = route;
        this.incomingTraceparent = incomingTraceparent == null ? null : List.copyOf(incomingTraceparent);
        this.incomingTracestate = incomingTracestate == null ? null : List.copyOf(incomingTracestate);
        this.context = context;
    }

    public Kind kind() {
        return kind;
    }

    public String method() {
        return method;
    }

    /** The path of a server span, the URL of a client span. */
    public String target() {
        return target;
    }

    /** The route of a server span: the last one named. */
    public String route() {
        return route;
    }

    /** The route the span began with. */
    String initialRoute() {
        return initialRoute;
    }

    void route(String template) {
        this.route = template;
    }

    /** The {@code traceparent} headers a server span's request came with. */
    public List<String> incomingTraceparent() {
        return incomingTraceparent;
    }

    public List<String> incomingTracestate() {
        return incomingTracestate;
    }

    public Context context() {
        return context;
    }

    public String traceId() {
        return context.traceId();
    }

    /** The {@code traceparent} a client span sends. */
    public String traceparent() {
        return "00-" + context.traceId() + "-" + context.spanId() + "-01";
    }

    public boolean isEnded() {
        return ended.getCount() == 0;
    }

    /** Waits for the span to end (an asynchronous client's ends when its response arrives). */
    public RecordedSpan awaitEnd(Duration timeout) throws InterruptedException {
        if (!ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("span did not end within " + timeout + ": " + this);
        }
        return this;
    }

    public int status() {
        return status;
    }

    public Throwable thrown() {
        return thrown;
    }

    void ended(int status, Throwable thrown) {
        this.status = status;
        this.thrown = thrown;
        ended.countDown();
    }

    @Override
    public String toString() {
        return kind + " " + method + " " + target + (route == null ? "" : " route=" + route) + " trace=" + context.traceId()
                + (isEnded() ? " status=" + status : " (open)") + (thrown == null ? "" : " thrown=" + thrown);
    }
}
