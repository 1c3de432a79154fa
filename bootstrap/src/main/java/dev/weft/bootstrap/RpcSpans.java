package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The entry point RPC advice calls, and the spans of calls in flight, kept beside the library's
 * own objects for each call (the call, its stream, its headers, its context object), by identity and
 * weakly: a call outlives every method of the library that touches it, and one that never closes
 * leaks nothing. Without a handler every call is a null check.
 *
 * <p><b>Client.</b> A call's span opens where the library starts the call on the network
 * ({@link #clientStart}) and ends when the library closes it with its status ({@link #clientEnd}).
 * A call the application started before the channel could carry it (the first call, while the name
 * resolves) is started on the network later, on one of the library's threads: the context it was
 * started in is kept beside its headers meanwhile ({@link #clientCaller}) and is the span's parent.
 *
 * <p><b>Server.</b> A call's span opens when the library makes the call object from the request
 * headers, and ends when the stream has closed ({@link #serverEnd}), with the status the server
 * sent ({@link #serverStatus}). The library runs everything it does for the call (the interceptors,
 * the service method, each message, the end) in tasks that carry a context object of the call's
 * own; around each such task the span's context is current ({@link #attach}).
 */
public final class RpcSpans {

    public static final String TRACEPARENT = HttpSpans.TRACEPARENT;
    public static final String TRACESTATE = HttpSpans.TRACESTATE;
    /** {@code UNKNOWN}: the status of a call that failed before it had one. */
    public static final int UNKNOWN = 2;

    private static volatile RpcSpanHandler handler;
    private static final Map<IdentityKey, Object> KEPT = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private RpcSpans() {
    }

    public static synchronized void install(RpcSpanHandler rpcHandler) {
        handler = rpcHandler;
    }

    /** Puts {@code replacement} in place of {@code rpcHandler} if that is still the one installed. */
    public static synchronized void replace(RpcSpanHandler rpcHandler, RpcSpanHandler replacement) {
        if (handler == rpcHandler) {
            handler = replacement;
        }
    }

    /** A server call in flight: its span, and the status the server sent, once it did. */
    private static final class ServerCall {
        final RpcSpanHandler.ServerSpan span;
        final AtomicBoolean ended = new AtomicBoolean();
        volatile int sent = -1;

        ServerCall(RpcSpanHandler.ServerSpan span) {
            this.span = span;
        }
    }

    /** The context a client call was started in by the application, kept until the library starts it. */
    private static final class Caller {
        final Object context;

        Caller(Object context) {
            this.context = context;
        }
    }

    // ---- client ----

    /**
     * The application started a call that the library starts on the network later
     * ({@code DelayedClientCall}): keeps the current context beside the call's {@code headers},
     * which the library hands on to the real call.
     */
    public static void clientCaller(Object headers) {
        if (handler == null || headers == null) {
            return;
        }
        Object context = Spans.capture();
        if (context != null) {
            put(headers, new Caller(context));
        }
    }

    /**
     * The library starts {@code call} on the network with {@code headers}: opens its CLIENT span, a
     * child of the context its application started it in, kept beside {@code call}.
     *
     * @return the span, to take the trace headers from; {@code null} when there is none (no
     *         handler, the call has one already)
     */
    public static Object clientStart(Object call, Object headers, String fullMethod) {
        RpcSpanHandler current = handler;
        if (current == null || call == null || find(call) != null) {
            return null;
        }
        Object kept = headers == null ? null : remove(headers);
        Object attached = kept instanceof Caller ? Spans.attach(((Caller) kept).context) : null;
        RpcSpanHandler.ClientSpan span;
        try {
            span = current.clientStart(fullMethod);
        } finally {
            Spans.detach(attached);
        }
        if (span != null) {
            put(call, span);
        }
        return span;
    }

    /** The value of a trace header for the client span {@code span}, or {@code null}. */
    public static String clientHeader(Object span, String name) {
        return span instanceof RpcSpanHandler.ClientSpan ? ((RpcSpanHandler.ClientSpan) span).header(name) : null;
    }

    /** Starting the call failed with {@code thrown}: ends its span, if it has one. */
    public static void clientFailed(Object call, Throwable thrown) {
        Object span = remove(call);
        if (span instanceof RpcSpanHandler.ClientSpan) {
            ((RpcSpanHandler.ClientSpan) span).end(UNKNOWN, thrown);
        }
    }

    /**
     * The library closed {@code call} with status {@code code}: ends its span, once, naming the
     * server it went to ({@code address} may be {@code null}).
     */
    public static void clientEnd(Object call, int code, String address, int port) {
        Object span = remove(call);
        if (span instanceof RpcSpanHandler.ClientSpan) {
            RpcSpanHandler.ClientSpan client = (RpcSpanHandler.ClientSpan) span;
            if (address != null) {
                client.peer(address, port);
            }
            client.end(code, null);
        }
    }

    // ---- server ----

    /**
     * The library made the server call {@code call} for a request: opens its SERVER span, kept
     * beside the call, its {@code stream} and its {@code context} (the object the library's tasks
     * for the call carry). The trace headers may be any iterables of strings, or {@code null}.
     */
    public static void serverStart(Object call, Object stream, Object context, String fullMethod,
                                   Iterable<?> traceparent, Iterable<?> tracestate) {
        RpcSpanHandler current = handler;
        if (current == null || call == null || context == null || find(call) != null) {
            return;
        }
        RpcSpanHandler.ServerSpan span = current.serverStart(fullMethod, strings(traceparent), strings(tracestate));
        if (span != null) {
            ServerCall server = new ServerCall(span);
            put(call, server);
            put(context, server);
            if (stream != null) {
                put(stream, server);
            }
        }
    }

    /** The server sends status {@code code} for the call of {@code key} (its call or its stream); the last one sent counts. */
    public static void serverStatus(Object key, int code) {
        Object kept = find(key);
        if (kept instanceof ServerCall) {
            ((ServerCall) kept).sent = code;
        }
    }

    /**
     * The stream of the call whose context is {@code context} has closed, with {@code code}: ends
     * its span, once, with the status the server sent unless the stream closed with another error
     * (cancelled, the client gone). The call's tasks still to run (the application's last callback)
     * keep its context until the call is collected.
     */
    public static void serverEnd(Object context, int code) {
        Object kept = find(context);
        if (kept instanceof ServerCall) {
            ServerCall server = (ServerCall) kept;
            if (server.ended.compareAndSet(false, true)) {
                int status = code == 0 && server.sent >= 0 ? server.sent : code;
                server.span.end(status, null);
            }
        }
    }

    /**
     * A task of the library for a call begins: makes the SERVER span's context current when
     * {@code context} is a server call's.
     *
     * @return what to hand to {@link Spans#detach}, or {@code null}
     */
    public static Object attach(Object context) {
        Object kept = find(context);
        return kept instanceof ServerCall ? ((ServerCall) kept).span.attach() : null;
    }

    private static List<String> strings(Iterable<?> values) {
        if (values == null) {
            return Collections.emptyList();
        }
        List<String> all = new ArrayList<>(1);
        for (Object value : values) {
            if (value instanceof String) {
                all.add((String) value);
            }
        }
        return all;
    }

    // ---- the table ----

    private static Object find(Object key) {
        if (key == null || KEPT.isEmpty()) {
            return null;
        }
        return KEPT.get(new IdentityKey(key));
    }

    private static void put(Object key, Object value) {
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            KEPT.remove(gone);
        }
        KEPT.put(new IdentityKey(key, COLLECTED), value);
    }

    private static Object remove(Object key) {
        if (key == null || KEPT.isEmpty()) {
            return null;
        }
        return KEPT.remove(new IdentityKey(key));
    }
}
