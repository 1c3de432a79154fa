package dev.weft.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Exchanges kept beside the library's objects: each span ends once, and its context is made current on request. */
class ExchangeSpansTest {

    private final List<String> log = new CopyOnWriteArrayList<>();
    /** What {@link SpanHandler#capture()} answers: the "current" context. */
    private volatile Object current = "caller";

    @BeforeEach
    void installHandlers() {
        Spans.install(new SpanHandler() {
            @Override
            public Started start(int probeId) {
                return null;
            }

            @Override
            public Object capture() {
                return current;
            }

            @Override
            public Attached attach(Object context) {
                log.add("attached " + context);
                return () -> log.add("detached " + context);
            }

            @Override
            public Attached attachNone() {
                return null;
            }
        });
        HttpSpans.install(new HttpSpanHandler() {
            @Override
            public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                          List<String> tracestate) {
                String self = "server " + path;
                current = self;
                return new ServerSpan() {
                    @Override
                    public void route(String template) {
                        log.add("route " + template);
                    }

                    @Override
                    public void subRoute(String template) {
                    }

                    @Override
                    public void suspend() {
                        if (self.equals(current)) {
                            current = "caller";
                            log.add("server suspended");
                        }
                    }

                    @Override
                    public void resume() {
                        if (!self.equals(current)) {
                            current = self;
                            log.add("server resumed");
                        }
                    }

                    @Override
                    public void end(int status, Throwable thrown) {
                        log.add("server ended " + status + (thrown == null ? "" : " " + thrown.getMessage()));
                    }
                };
            }

            @Override
            public ServerSpan currentServer() {
                return null;
            }

            @Override
            public ClientSpan clientStart(String method, String url) {
                return new ClientSpan() {
                    @Override
                    public String header(String name) {
                        return name.equals(HttpSpans.TRACEPARENT) ? "tp of " + url : null;
                    }

                    @Override
                    public void end(int status, Throwable thrown) {
                        log.add("client ended " + status + (thrown == null ? "" : " " + thrown.getMessage()));
                    }
                };
            }
        });
    }

    @AfterEach
    void removeHandlers() {
        Spans.install(null);
        HttpSpans.install(null);
    }

    @Test
    void aCallEndsOnceAndItsAttemptsKeepTheCallersContextForTheRestOfTheResponse() {
        Object call = new Object();
        Object firstAttempt = new Object();
        Object redirected = new Object();
        ExchangeSpans.clientStart(call, "GET", "http://a/");
        ExchangeSpans.link(call, firstAttempt);
        ExchangeSpans.link(call, redirected);
        assertEquals("tp of http://a/", ExchangeSpans.clientHeader(firstAttempt, HttpSpans.TRACEPARENT));
        assertEquals("tp of http://a/", ExchangeSpans.clientHeader(redirected, HttpSpans.TRACEPARENT));
        assertNull(ExchangeSpans.clientHeader(redirected, HttpSpans.TRACESTATE));

        ExchangeSpans.clientEnd(call, 200, null);
        ExchangeSpans.clientEnd(call, 500, null);
        assertEquals(List.of("client ended 200"), log);

        Spans.detach(ExchangeSpans.attach(redirected));
        assertEquals(List.of("client ended 200", "attached caller", "detached caller"), log);
        assertNull(ExchangeSpans.serverSpan(redirected), "a client's exchange is no server's");
    }

    @Test
    void objectsAreKeysByIdentity() {
        String call = new String("call");
        ExchangeSpans.clientStart(call, "GET", "http://b/");
        assertNull(ExchangeSpans.clientHeader(new String("call"), HttpSpans.TRACEPARENT));
        assertNull(ExchangeSpans.attach(new String("call")));
        ExchangeSpans.clientEnd(new String("call"), 200, null);
        assertEquals(List.of(), log);
        ExchangeSpans.clientEnd(call, 204, null);
        assertEquals(List.of("client ended 204"), log);
    }

    @Test
    void aSubscriptionGivenUpEndsTheCallMadeInsideIt() {
        Object publisher = new Object();
        Consumer<Object> outer = ExchangeSpans.subscribing(publisher);
        assertNotNull(outer);
        assertNull(ExchangeSpans.subscribing(publisher), "the inner subscription runs as it is");
        Object call = new Object();
        ExchangeSpans.clientStart(call, "GET", "http://c/");
        ExchangeSpans.subscribed(outer);

        Object other = new Object();
        Consumer<Object> later = ExchangeSpans.subscribing(other);
        assertNotNull(later, "the mark was taken off: another publisher is another subscription");
        ExchangeSpans.subscribed(later);
        later.accept("CANCEL");
        assertEquals(List.of(), log, "no call was made in that one");

        outer.accept("CANCEL");
        ExchangeSpans.clientEnd(call, 200, null);
        outer.accept("ON_COMPLETE");
        assertEquals(List.of("client ended 0"), log);
    }

    @Test
    void withoutHttpSpansNothingIsSubscribedThroughAndNothingKept() {
        HttpSpans.install(null);
        assertNull(ExchangeSpans.subscribing(new Object()));
        Object call = new Object();
        ExchangeSpans.clientStart(call, "GET", "http://d/");
        assertNull(ExchangeSpans.attach(call));
        assertNull(ExchangeSpans.serverStart(new Object(), "GET", "/", "/", List.of(), List.of()));
    }

    @Test
    void aServerSpanIsCurrentOnlyAroundItsDeliveriesAndEndsOnceWithWhatTheHandlerThrew() {
        Object request = new Object();
        Object attached = ExchangeSpans.serverStart(request, "GET", "/items", "/", List.of(), List.of());
        assertEquals("server /items", current, "current while the request head is delivered");
        assertNull(ExchangeSpans.serverStart(request, "GET", "/items", "/", List.of(), List.of()), "one span a request");
        Spans.detach(attached);
        assertEquals("caller", current, "suspended when that delivery is over");
        assertEquals(List.of("server suspended"), log);

        Object span = ExchangeSpans.serverSpan(request);
        assertNotNull(span);
        HttpSpans.serverRoute(span, "/items/{id}");
        Object body = ExchangeSpans.attach(request);
        Object nested = ExchangeSpans.attach(request);
        assertEquals("server /items", current);
        Spans.detach(nested);
        assertEquals("server /items", current, "still inside the outer delivery");
        Spans.detach(body);
        assertEquals("caller", current);

        ExchangeSpans.failed(request, new IllegalStateException("boom"));
        ExchangeSpans.serverEnd(request, 500);
        ExchangeSpans.serverEnd(request, 200);
        assertEquals(List.of("server suspended", "route /items/{id}", "server resumed", "server suspended",
                "server ended 500 boom"), log);
        assertNull(ExchangeSpans.serverSpan(request));
        assertNull(ExchangeSpans.attach(request), "nothing kept once ended");
        assertSame(null, ExchangeSpans.clientHeader(request, HttpSpans.TRACEPARENT));
    }
}
