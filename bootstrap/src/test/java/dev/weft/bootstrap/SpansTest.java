package dev.weft.bootstrap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** What a handler started ends itself, whichever handler is installed by then, or none. */
class SpansTest {

    private final List<String> log = new ArrayList<>();

    /** A handler whose spans and attached contexts write down how they ended. */
    private SpanHandler handler(String name) {
        return new SpanHandler() {
            @Override
            public Started start(int probeId) {
                return (status, thrown) -> log.add(name + " ended " + probeId + (thrown == null ? "" : " " + thrown.getMessage()));
            }

            @Override
            public Object capture() {
                return name;
            }

            @Override
            public Attached attach(Object context) {
                return () -> log.add(name + " detached " + context);
            }

            @Override
            public Attached attachNone() {
                return null;
            }
        };
    }

    @AfterEach
    void removeHandlers() {
        Spans.install(null);
        HttpSpans.install(null);
    }

    @Test
    void aSpanStartedBeforeItsHandlerWasRemovedStillEnds() {
        Spans.install(handler("old"));
        Object span = Spans.start(7);
        Object attached = Spans.attach(Spans.capture());
        Spans.install(null);

        Spans.detach(attached);
        Spans.end(span, new IllegalStateException("boom"));
        assertEquals(List.of("old detached old", "old ended 7 boom"), log);
    }

    @Test
    void aSpanEndsThroughTheHandlerThatStartedItNotTheOneInstalledNow() {
        Spans.install(handler("old"));
        Object span = Spans.start(1);
        Spans.install(handler("new"));
        Spans.end(span, null);
        assertEquals(List.of("old ended 1"), log);
    }

    @Test
    void uninstallingAReplacedHandlerLeavesItsSuccessorInstalled() {
        SpanHandler old = handler("old");
        Spans.install(old);
        Spans.install(handler("new"));
        Spans.uninstall(old);
        assertEquals("new", Spans.capture());
        Spans.uninstall(old);
        assertEquals("new", Spans.capture());
    }

    @Test
    void aServerSpanEndsWithItsStatusWithNoHandlerInstalled() {
        List<Integer> statuses = new ArrayList<>();
        HttpSpanHandler.ServerSpan started = new HttpSpanHandler.ServerSpan() {
            @Override
            public void route(String route) {
            }

            @Override
            public void subRoute(String template) {
            }

            @Override
            public void suspend() {
            }

            @Override
            public void resume() {
            }

            @Override
            public void end(int status, Throwable thrown) {
                statuses.add(status);
            }
        };
        HttpSpanHandler handler = new HttpSpanHandler() {
            @Override
            public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                                   List<String> tracestate) {
                return started;
            }

            @Override
            public ServerSpan currentServer() {
                return null;
            }

            @Override
            public ClientSpan clientStart(String method, String url) {
                return null;
            }
        };
        HttpSpans.install(handler);
        Object span = HttpSpans.serverStart("GET", "/a", "/", List.of(), List.of());
        assertSame(started, span);
        HttpSpans.uninstall(handler);
        assertNull(HttpSpans.serverStart("GET", "/a", "/", List.of(), List.of()));

        HttpSpans.serverEnd(span, 204, null);
        assertEquals(List.of(204), statuses);
    }

    @Test
    void aClientCallInsideASynchronousCallOpensNoSecondSpan() {
        List<String> opened = new ArrayList<>();
        List<Integer> ended = new ArrayList<>();
        HttpSpanHandler handler = new HttpSpanHandler() {
            @Override
            public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                          List<String> tracestate) {
                return null;
            }

            @Override
            public ServerSpan currentServer() {
                return null;
            }

            @Override
            public ClientSpan clientStart(String method, String url) {
                opened.add(url);
                return new ClientSpan() {
                    @Override
                    public String header(String name) {
                        return null;
                    }

                    @Override
                    public void end(int status, Throwable thrown) {
                        ended.add(status);
                    }
                };
            }
        };
        HttpSpans.install(handler);
        Object outer = HttpSpans.callStart("GET", "http://a/");
        assertSame(outer, HttpSpans.currentCall());
        assertNull(HttpSpans.callStart("GET", "http://a/retry"), "a client under the call is the same call");
        assertNull(HttpSpans.clientStart("GET", "http://a/inner"));
        HttpSpans.callEnd(outer, 200, null);
        assertNull(HttpSpans.currentCall());
        Object next = HttpSpans.callStart("GET", "http://b/");
        HttpSpans.callEnd(next, 503, null);
        HttpSpans.uninstall(handler);
        assertEquals(List.of("http://a/", "http://b/"), opened);
        assertEquals(List.of(200, 503), ended);
    }

    @Test
    void anAsynchronousCallIsKeptUnderItsFutureUntilTakenOnce() {
        List<String> opened = new ArrayList<>();
        HttpSpanHandler handler = new HttpSpanHandler() {
            @Override
            public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                          List<String> tracestate) {
                return null;
            }

            @Override
            public ServerSpan currentServer() {
                return null;
            }

            @Override
            public ClientSpan clientStart(String method, String url) {
                opened.add(url);
                return new ClientSpan() {
                    @Override
                    public String header(String name) {
                        return null;
                    }

                    @Override
                    public void end(int status, Throwable thrown) {
                    }
                };
            }
        };
        Object future = new Object();
        assertNull(HttpSpans.pendingStart(future, "GET", "http://a/", "state"), "no handler, no span");
        assertNull(HttpSpans.pendingSpan(future));
        HttpSpans.install(handler);
        Object span = HttpSpans.pendingStart(future, "GET", "http://a/", "state");
        assertSame(span, HttpSpans.pendingSpan(future));
        assertNull(HttpSpans.pendingStart(future, "GET", "http://a/again", "other"), "one span per future");
        assertNull(HttpSpans.pendingSpan(new Object()));

        Object[] call = HttpSpans.pendingTake(future);
        assertSame(span, call[0]);
        assertEquals("state", call[1]);
        assertNull(HttpSpans.pendingTake(future), "taken once");
        assertNull(HttpSpans.pendingSpan(future));

        Object outer = HttpSpans.callStart("GET", "http://b/");
        assertNull(HttpSpans.pendingStart(new Object(), "GET", "http://b/inner", null), "inside a synchronous call");
        HttpSpans.callEnd(outer, 200, null);
        HttpSpans.uninstall(handler);
        assertEquals(List.of("http://a/", "http://b/"), opened);
    }

    @Test
    void anAsynchronousCallOpenedOnTheCallersThreadIsResumedOnTheThreadThatCarriesItOut() throws Exception {
        List<String> opened = new ArrayList<>();
        List<Integer> ended = new ArrayList<>();
        HttpSpanHandler handler = new HttpSpanHandler() {
            @Override
            public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                                          List<String> tracestate) {
                return null;
            }

            @Override
            public ServerSpan currentServer() {
                return null;
            }

            @Override
            public ClientSpan clientStart(String method, String url) {
                opened.add(Thread.currentThread().getName() + " " + url);
                return new ClientSpan() {
                    @Override
                    public String header(String name) {
                        return null;
                    }

                    @Override
                    public void end(int status, Throwable thrown) {
                        ended.add(status);
                    }
                };
            }
        };
        HttpSpans.install(handler);
        Object call = new Object();
        Object span = HttpSpans.pendingStart(call, "GET", "http://a/", null);
        assertNull(HttpSpans.currentCall(), "the caller's thread is not inside the call");
        Object[] seen = new Object[3];
        Thread dispatcher = new Thread(() -> {
            Object[] resumed = HttpSpans.pendingResume(call);
            seen[0] = resumed[0];
            seen[1] = HttpSpans.currentCall();
            seen[2] = HttpSpans.callStart("GET", "http://a/retry");
            HttpSpans.callEnd(resumed[0], 200, null);
        }, "dispatcher");
        dispatcher.start();
        dispatcher.join();
        HttpSpans.uninstall(handler);
        assertSame(span, seen[0]);
        assertSame(span, seen[1], "the thread that carries out the call is inside it");
        assertNull(seen[2], "a client under the call is the same call");
        assertNull(HttpSpans.pendingResume(call), "taken once");
        assertNull(HttpSpans.currentCall());
        assertEquals(List.of(Thread.currentThread().getName() + " http://a/"), opened, "opened on the caller's thread");
        assertEquals(List.of(200), ended);
    }

    @Test
    void aTemplateRelativeToTheServerFollowsItsContextPathAndMapping() {
        assertEquals("", HttpSpans.routeBase("/"));
        assertEquals("", HttpSpans.routeBase("/*"));
        assertEquals("/app", HttpSpans.routeBase("/app/"));
        assertEquals("/app/api", HttpSpans.routeBase("/app/api/*"));
        assertEquals("/api", HttpSpans.routeBase("/api"));
        assertEquals("", HttpSpans.routeBase(null));
    }
}
