package dev.weft.bootstrap;

import java.lang.ref.ReferenceQueue;
import java.net.HttpURLConnection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The CLIENT spans of the JDK's {@code HttpURLConnection}: one per connection object, which makes
 * one request (redirects and retries included) however many of its methods the application calls.
 *
 * <p>A request is spread over the connection's public methods, and they call one another:
 * {@code getResponseCode} and {@code getHeaderField} call {@code getInputStream}, which calls
 * {@code connect} and, inside, {@code getResponseCode} again. So what the advice sees first on a
 * connection opens its span and sets the trace headers (before anything is sent), only the
 * outermost call under way on it counts, and its span ends when the outermost
 * {@code getInputStream} returns or throws (the status is parsed by then, an error status
 * included) or when a call that sends fails. What is kept for a connection is kept beside it, by
 * identity and weakly, after its span has ended too: a later call on it starts nothing.
 */
public final class UrlConnectionSpans {

    private static final Map<IdentityKey, Request> REQUESTS = new ConcurrentHashMap<>();
    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();

    private UrlConnectionSpans() {
    }

    /** One connection's request: its span until it ends, and whether a call on the connection is under way. */
    private static final class Request {
        private Object span;
        private boolean inCall;

        Request(Object span) {
            this.span = span;
        }

        /** Whether this call is the outermost one of a request whose span is still open. */
        synchronized boolean enter() {
            if (span == null || inCall) {
                return false;
            }
            inCall = true;
            return true;
        }

        /** The outermost call returned: ends the span if the response is known or the request failed. */
        void exit(boolean answered, int status, Throwable thrown) {
            Object ending;
            synchronized (this) {
                inCall = false;
                if (!answered && thrown == null) {
                    return;
                }
                ending = span;
                span = null;
            }
            boolean known = status > 0;
            HttpSpans.clientEnd(ending, known ? status : 0, known ? null : thrown);
        }
    }

    /**
     * On entry to a method that may send the request or read the response. Returns what the exit
     * hands back when this is the outermost call on a connection whose span is open, else
     * {@code null}. A connection first seen {@code connected} gets no span: its request began
     * before Weft was there to see it.
     */
    public static Object enter(HttpURLConnection connection, boolean connected) {
        if (REQUESTS.isEmpty() && !HttpSpans.installed()) {
            return null;
        }
        Request request = REQUESTS.get(new IdentityKey(connection));
        if (request == null && !connected) {
            request = start(connection);
        }
        return request != null && request.enter() ? request : null;
    }

    /** After {@code connect} or {@code getOutputStream}: the request goes on unless the call failed. */
    public static void afterSend(Object request, Throwable thrown) {
        if (request != null) {
            ((Request) request).exit(false, 0, thrown);
        }
    }

    /**
     * After {@code getInputStream}: the response's {@code status} is known ({@code responseCode},
     * set even when an error status makes it throw), or the request failed with {@code thrown}.
     */
    public static void afterResponse(Object request, int status, Throwable thrown) {
        if (request != null) {
            ((Request) request).exit(true, status, thrown);
        }
    }

    /** Opens the connection's span and sets exactly one {@code traceparent} (and its {@code tracestate}). */
    private static Request start(HttpURLConnection connection) {
        synchronized (REQUESTS) {
            Request started = REQUESTS.get(new IdentityKey(connection));
            if (started != null) {
                return started;
            }
            Object span = HttpSpans.clientStart(connection.getRequestMethod(), connection.getURL().toString());
            if (span == null) {
                return null;
            }
            Request request = new Request(span);
            try {
                setTraceHeader(connection, span, HttpSpans.TRACEPARENT);
                setTraceHeader(connection, span, HttpSpans.TRACESTATE);
            } catch (IllegalStateException alreadySending) {
                // An earlier call, made before Weft wove the class, is sending it: the span is
                // dropped unended (nothing is recorded), and the connection is done with.
                request.span = null;
            }
            dropCollected();
            REQUESTS.put(new IdentityKey(connection, COLLECTED), request);
            return request;
        }
    }

    /** Replaces any value the application set: the peer gets one, that of this span. */
    private static void setTraceHeader(HttpURLConnection connection, Object span, String name) {
        String value = HttpSpans.clientHeader(span, name);
        if (value != null) {
            connection.setRequestProperty(name, value);
        }
    }

    private static void dropCollected() {
        for (Object gone = COLLECTED.poll(); gone != null; gone = COLLECTED.poll()) {
            REQUESTS.remove(gone);
        }
    }
}
