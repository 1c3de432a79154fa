package dev.weft.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.BiConsumer;
import java.util.function.BiPredicate;

/**
 * The entry point HTTP server and client advice calls. The handler is installed whenever HTTP
 * metrics or tracing are on; without one every call is a null check.
 *
 * <p><b>One call, one CLIENT span.</b> Clients are built on clients (RestTemplate over
 * HttpURLConnection, a retry inside OkHttp): advice around a synchronous call uses
 * {@link #callStart}/{@link #callEnd}, which mark the thread, and while it is marked no other client
 * instrumentation opens a span of its own. Advice that ends its span elsewhere (an asynchronous
 * client's callback) uses {@link #clientStart}/{@link #clientEnd}; one whose request is spread over
 * several calls on one object ({@code HttpURLConnection}) goes through {@link UrlConnectionSpans}.
 */
public final class HttpSpans {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** Keeps every header of a request but the trace headers, which Weft sets exactly once. */
    public static final BiPredicate<String, String> NOT_TRACE_HEADERS =
            (name, value) -> !name.equalsIgnoreCase(TRACEPARENT) && !name.equalsIgnoreCase(TRACESTATE);

    private static volatile HttpSpanHandler handler;
    /** Client spans of asynchronous calls in flight, by the object the library completes the call through. */
    private static final Map<Object, Object[]> PENDING_CALLS = new WeakHashMap<>();
    /** The client span of the synchronous call this thread is inside, if any. */
    private static final ThreadLocal<Object> IN_CALL = new ThreadLocal<>();

    private HttpSpans() {
    }

    public static synchronized void install(HttpSpanHandler httpHandler) {
        handler = httpHandler;
    }

    /** Removes {@code httpHandler} if it is still the one installed: a handler installed after it stays. */
    public static synchronized void uninstall(HttpSpanHandler httpHandler) {
        replace(httpHandler, null);
    }

    /** Puts {@code replacement} in place of {@code httpHandler} if that is still the one installed. */
    public static synchronized void replace(HttpSpanHandler httpHandler, HttpSpanHandler replacement) {
        if (handler == httpHandler) {
            handler = replacement;
        }
    }

    /** Whether a handler is installed: without one no HTTP span is ever opened. */
    static boolean installed() {
        return handler != null;
    }

    public static Object serverStart(String method, String path, String route, List<String> traceparent,
                                     List<String> tracestate) {
        HttpSpanHandler current = handler;
        return current == null ? null : current.serverStart(method, path, route, traceparent, tracestate);
    }

    /** Names the route template a framework matched for the request of {@code span}; {@code null}s are ignored. */
    public static void serverRoute(Object span, String route) {
        if (span instanceof HttpSpanHandler.ServerSpan && route != null && !route.isEmpty()) {
            ((HttpSpanHandler.ServerSpan) span).route(route);
        }
    }

    /** Names the route template of the request this thread is serving ({@link HttpSpanHandler.ServerSpan#route}). */
    public static void currentServerRoute(String template) {
        HttpSpanHandler current = handler;
        HttpSpanHandler.ServerSpan span = current == null || template == null ? null : current.currentServer();
        if (span != null) {
            span.route(template);
        }
    }

    /**
     * Names the route template of the request this thread is serving, relative to where the server
     * handed it to the framework ({@link HttpSpanHandler.ServerSpan#subRoute}).
     */
    public static void currentServerSubRoute(String template) {
        HttpSpanHandler current = handler;
        HttpSpanHandler.ServerSpan span = current == null || template == null ? null : current.currentServer();
        if (span != null) {
            span.subRoute(template);
        }
    }

    /**
     * Where a server handed a request on, for {@link HttpSpanHandler.ServerSpan#subRoute}: the
     * route a server span began with, less a servlet mapping's {@code /*} and a trailing {@code /}
     * ({@code /app/api/*} is {@code /app/api}, {@code /app/} is {@code /app}, {@code /} is the
     * empty string), so a template's own leading {@code /} follows it.
     */
    public static String routeBase(String route) {
        if (route == null) {
            return "";
        }
        String base = route.endsWith("/*") ? route.substring(0, route.length() - 2) : route;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** See {@link HttpSpanHandler.ServerSpan#suspend()}. */
    public static void serverSuspend(Object span) {
        if (span instanceof HttpSpanHandler.ServerSpan) {
            ((HttpSpanHandler.ServerSpan) span).suspend();
        }
    }

    /** See {@link HttpSpanHandler.ServerSpan#resume()}. */
    public static void serverResume(Object span) {
        if (span instanceof HttpSpanHandler.ServerSpan) {
            ((HttpSpanHandler.ServerSpan) span).resume();
        }
    }

    /** Ends a server span; it ends itself, whatever handler is installed now. */
    public static void serverEnd(Object span, int status, Throwable thrown) {
        if (span != null) {
            ((SpanHandler.Started) span).end(status, thrown);
        }
    }

    /** Opens a client span, or returns {@code null} when there is no handler or a synchronous call is in progress here. */
    public static Object clientStart(String method, String url) {
        HttpSpanHandler current = handler;
        return current == null || IN_CALL.get() != null ? null : current.clientStart(method, url);
    }

    /**
     * Opens the client span of a synchronous call made on this thread and marks the thread until
     * {@link #callEnd}; {@code null} inside another call (the outer one has the span).
     */
    public static Object callStart(String method, String url) {
        Object span = clientStart(method, url);
        if (span != null) {
            IN_CALL.set(span);
        }
        return span;
    }

    /** The client span of the synchronous call in progress on this thread, or {@code null}. */
    public static Object currentCall() {
        return IN_CALL.get();
    }

    /** Ends the span {@link #callStart} opened and unmarks the thread. */
    public static void callEnd(Object span, int status, Throwable thrown) {
        if (span != null) {
            if (IN_CALL.get() == span) {
                IN_CALL.remove();
            }
            clientEnd(span, status, thrown);
        }
    }

    public static String clientHeader(Object span, String name) {
        return span == null ? null : ((HttpSpanHandler.ClientSpan) span).header(name);
    }

    /** Ends a client span; it ends itself, whatever handler is installed now. */
    public static void clientEnd(Object span, int status, Throwable thrown) {
        if (span != null) {
            ((SpanHandler.Started) span).end(status, thrown);
        }
    }

    // ---- asynchronous calls a library completes through an object of its own (a future) ----

    /**
     * Opens the client span of an asynchronous call that ends when the library completes {@code key}
     * (a future of its own), and keeps it, with {@code state} (what its end needs), until
     * {@link #pendingTake}. Returns {@code null}, keeping nothing, when {@link #clientStart} does or
     * {@code key} has a span already.
     */
    public static Object pendingStart(Object key, String method, String url, Object state) {
        if (handler == null) {
            return null;
        }
        synchronized (PENDING_CALLS) {
            if (PENDING_CALLS.containsKey(key)) {
                return null;
            }
            Object span = clientStart(method, url);
            if (span != null) {
                PENDING_CALLS.put(key, new Object[] {span, state});
            }
            return span;
        }
    }

    /** The span of the asynchronous call kept for {@code key}, or {@code null}. */
    public static Object pendingSpan(Object key) {
        synchronized (PENDING_CALLS) {
            Object[] call = PENDING_CALLS.get(key);
            return call == null ? null : call[0];
        }
    }

    /**
     * Takes the call kept for {@code key} out: {@code {span, state}}, or {@code null} when there is
     * none (any more). The caller ends the span; whoever takes it first does.
     */
    public static Object[] pendingTake(Object key) {
        synchronized (PENDING_CALLS) {
            return PENDING_CALLS.isEmpty() ? null : PENDING_CALLS.remove(key);
        }
    }

    /**
     * On the thread that carries out an asynchronous call kept for {@code key} (OkHttp's dispatcher
     * thread, running a call enqueued elsewhere): takes the call out as {@link #pendingTake} does, and
     * marks this thread with its span as {@link #callStart} does, until {@link #callEnd}. Returns
     * {@code {span, state}}, or {@code null} when nothing is kept for {@code key} (any more).
     */
    public static Object[] pendingResume(Object key) {
        Object[] call = pendingTake(key);
        if (call != null && IN_CALL.get() == null) {
            IN_CALL.set(call[0]);
        }
        return call;
    }

    /** Ends a client span when an asynchronous response arrives; reads its status reflectively. */
    public static BiConsumer<Object, Throwable> ender(Object span) {
        return (response, thrown) -> clientEnd(span, statusOf(response), thrown);
    }

    /** {@code HttpResponse.statusCode()}, through the exported interface (the implementation is not accessible). */
    private static int statusOf(Object response) {
        try {
            if (response == null) {
                return 0;
            }
            Class<?> api = Class.forName("java.net.http.HttpResponse", false, response.getClass().getClassLoader());
            return (Integer) api.getMethod("statusCode").invoke(response);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }
}
