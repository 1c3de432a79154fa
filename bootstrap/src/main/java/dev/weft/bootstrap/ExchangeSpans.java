package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * HTTP spans of exchanges that outlive the method call that began them, as in reactive servers and
 * clients (Reactor Netty): a server answers a request after its handler has returned, a client
 * sends its request on an event loop after the caller subscribed and hears the response on
 * another. Each exchange is kept beside the library's own objects for it (the request, the call),
 * by identity and weakly: the library keeps every object it had, and an exchange that never ends
 * leaks nothing.
 *
 * <p>Each exchange also keeps the trace context its work belongs to: the SERVER span's for a
 * server, the caller's for a client. The library delivers the exchange's signals (request body,
 * response) on its event loops, where nothing is current; the advice makes that context current
 * around each delivery ({@link #attach}), so what the application does there (a client call made
 * from a server handler) continues the trace.
 */
public final class ExchangeSpans {

    private static final Map<IdentityKey, Exchange> EXCHANGES = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    /** The subscription to a client call's publisher under way on this thread, if any. */
    private static final ThreadLocal<Subscription> SUBSCRIBING = new ThreadLocal<>();

    private ExchangeSpans() {
    }

    /**
     * One exchange: its span, the context to make current for it, what ended it. A server's is
     * also what {@link #attach} returns for it: its span is made current ({@link HttpSpans#serverResume})
     * for the outermost delivery on a thread and suspended again when that one is detached.
     */
    private static final class Exchange implements SpanHandler.Attached {
        final Object span;
        final Object context;
        final boolean server;
        final AtomicBoolean ended = new AtomicBoolean();
        volatile Throwable thrown;
        /** How deep in deliveries of a server's signals its thread is (its event loop's, one at a time). */
        private int depth;

        Exchange(Object span, Object context, boolean server) {
            this.span = span;
            this.context = context;
            this.server = server;
        }

        synchronized Exchange resume() {
            if (depth++ == 0) {
                HttpSpans.serverResume(span);
            }
            return this;
        }

        @Override
        public synchronized void detach() {
            if (depth > 0 && --depth == 0) {
                HttpSpans.serverSuspend(span);
            }
        }
    }

    // ---- servers ----

    /**
     * A request came in: opens its SERVER span (continuing the caller's trace), kept beside
     * {@code request} until {@link #serverEnd}. The span is current until the returned token is
     * given to {@link Spans#detach}, which the caller does before it returns; then it is suspended
     * ({@link HttpSpans#serverSuspend}): the thread, an event loop, serves other requests while
     * this one is open, and the span is current again only around {@link #attach}. That is the
     * span itself, not a copy of its context, so a framework that names the route of the server
     * span current ({@link HttpSpans#currentServerRoute}) finds it, traced or not.
     *
     * @return what to hand to {@link Spans#detach}, or {@code null} when the request has no span
     */
    public static Object serverStart(Object request, String method, String path, String route,
                                     List<String> traceparent, List<String> tracestate) {
        if (request == null || find(request) != null) {
            return null;
        }
        Object span = HttpSpans.serverStart(method, path, route, traceparent, tracestate);
        if (span == null) {
            return null;
        }
        Exchange exchange = new Exchange(span, null, true);
        put(request, exchange);
        return exchange.resume(); // current already: only counted
    }

    /** The SERVER span of {@code request}, for a framework's route ({@link HttpSpans#serverRoute}); or {@code null}. */
    public static Object serverSpan(Object request) {
        Exchange exchange = find(request);
        return exchange != null && exchange.server ? exchange.span : null;
    }

    /** Notes what the application's handler failed with; {@link #serverEnd} records it. */
    public static void failed(Object key, Throwable thrown) {
        Exchange exchange = find(key);
        if (exchange != null && thrown != null) {
            exchange.thrown = thrown;
        }
    }

    /** The response has been sent (or the request given up): ends the SERVER span of {@code request}, once. */
    public static void serverEnd(Object request, int status) {
        Exchange exchange = remove(request);
        if (exchange != null && exchange.ended.compareAndSet(false, true)) {
            HttpSpans.serverEnd(exchange.span, status, exchange.thrown);
        }
    }

    // ---- clients ----

    /**
     * One subscription to a client call's publisher, told when it ends: the advice has the
     * subscriber subscribe through an operator that calls this (Reactor's {@code doFinally}) with
     * the signal that ended it. A call that was cancelled before its response ends here; one that
     * had its response or failed has ended already.
     */
    public static final class Subscription implements Consumer<Object> {
        private final Object publisher;
        private final Subscription outer;
        private boolean entered;
        private volatile Exchange exchange;

        private Subscription(Object publisher, Subscription outer) {
            this.publisher = publisher;
            this.outer = outer;
        }

        @Override
        public void accept(Object signal) {
            Exchange call = exchange;
            if (call != null) {
                endClient(call, 0, null);
            }
        }
    }

    /**
     * A subscriber subscribes to a client call's {@code publisher}. Returns the {@link Subscription}
     * to subscribe through, marking this thread until {@link #subscribed}; or {@code null} when the
     * publisher is to be subscribed to as it is: for the inner subscription of the one the advice
     * made, and when no HTTP span would be opened anyway.
     */
    public static Consumer<Object> subscribing(Object publisher) {
        Subscription current = SUBSCRIBING.get();
        if (current != null && current.publisher == publisher && !current.entered) {
            current.entered = true;
            return null;
        }
        if (!HttpSpans.installed() || HttpSpans.currentCall() != null) {
            return null;
        }
        Subscription subscription = new Subscription(publisher, current);
        SUBSCRIBING.set(subscription);
        return subscription;
    }

    /** The subscription {@link #subscribing} returned is made: this thread's mark is taken off. */
    public static void subscribed(Object subscription) {
        if (subscription instanceof Subscription && SUBSCRIBING.get() == subscription) {
            Subscription outer = ((Subscription) subscription).outer;
            if (outer == null) {
                SUBSCRIBING.remove();
            } else {
                SUBSCRIBING.set(outer);
            }
        }
    }

    /**
     * A call is made (subscribed to): opens its CLIENT span, a child of the current context, kept
     * beside {@code call}; the current context is what {@link #attach} makes current for it. Made
     * inside a subscription {@link #subscribing} marked, the call ends at the latest with it.
     */
    public static void clientStart(Object call, String method, String url) {
        if (call == null) {
            return;
        }
        Object parent = Spans.capture();
        Object span = HttpSpans.clientStart(method, url);
        if (span != null) {
            Exchange exchange = new Exchange(span, parent, false);
            put(call, exchange);
            Subscription subscription = SUBSCRIBING.get();
            if (subscription != null && subscription.entered && subscription.exchange == null) {
                subscription.exchange = exchange;
            }
        }
    }

    /** {@code request} (one attempt: the first, a redirect, a retry) belongs to {@code call}'s exchange. */
    public static void link(Object call, Object request) {
        Exchange exchange = find(call);
        if (exchange != null && request != null) {
            put(request, exchange);
        }
    }

    /** The value of a trace header for the exchange of {@code key}, or {@code null}; see {@link HttpSpans#clientHeader}. */
    public static String clientHeader(Object key, String name) {
        Exchange exchange = find(key);
        return exchange == null || exchange.server ? null : HttpSpans.clientHeader(exchange.span, name);
    }

    /**
     * Ends the CLIENT span of the exchange of {@code key}, once: a response arrived ({@code status}),
     * the call failed ({@code thrown}) or was given up. Its attempts' requests keep the exchange
     * (and its context, for the rest of the response) until they are collected.
     */
    public static void clientEnd(Object key, int status, Throwable thrown) {
        Exchange exchange = find(key);
        if (exchange != null && !exchange.server) {
            remove(key);
            endClient(exchange, status, thrown);
        }
    }

    private static void endClient(Exchange exchange, int status, Throwable thrown) {
        if (exchange.ended.compareAndSet(false, true)) {
            HttpSpans.clientEnd(exchange.span, status, thrown);
        }
    }

    // ---- both ----

    /**
     * Makes the context of the exchange of {@code key} current (the SERVER span's, or a client
     * call's caller's), while the library delivers one of its signals.
     *
     * @return what to hand to {@link Spans#detach}, or {@code null}
     */
    public static Object attach(Object key) {
        Exchange exchange = find(key);
        if (exchange == null) {
            return null;
        }
        return exchange.server ? exchange.resume() : Spans.attach(exchange.context);
    }

    // ---- the table ----

    private static Exchange find(Object key) {
        if (key == null || EXCHANGES.isEmpty()) {
            return null;
        }
        return EXCHANGES.get(new IdentityKey(key));
    }

    private static void put(Object key, Exchange exchange) {
        dropCollected();
        EXCHANGES.put(new IdentityKey(key, COLLECTED), exchange);
    }

    private static Exchange remove(Object key) {
        if (key == null || EXCHANGES.isEmpty()) {
            return null;
        }
        return EXCHANGES.remove(new IdentityKey(key));
    }

    private static void dropCollected() {
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            EXCHANGES.remove(gone);
        }
    }
}
