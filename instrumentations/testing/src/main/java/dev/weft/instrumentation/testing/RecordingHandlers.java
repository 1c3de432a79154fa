package dev.weft.instrumentation.testing;

import dev.weft.bootstrap.HttpSpanHandler;
import dev.weft.bootstrap.HttpSpans;
import dev.weft.bootstrap.SpanHandler;
import dev.weft.bootstrap.Spans;

import java.util.List;

/**
 * The handlers behind {@code Spans} and {@code HttpSpans}, over a {@link Recorder}. Kept apart from
 * the recorder so that a test class can name the recorder without loading a bootstrap class.
 */
final class RecordingHandlers implements SpanHandler, HttpSpanHandler {

    private final Recorder recorder;

    private RecordingHandlers(Recorder recorder) {
        this.recorder = recorder;
    }

    static void install(Recorder recorder) {
        if (Spans.class.getClassLoader() != null) {
            throw new IllegalStateException("dev.weft.bootstrap was loaded by " + Spans.class.getClassLoader()
                    + ", not the bootstrap loader: woven code would not reach the recorder");
        }
        RecordingHandlers handlers = new RecordingHandlers(recorder);
        Spans.install(handlers);
        HttpSpans.install(handlers);
    }

    static void uninstall() {
        Spans.install(null);
        HttpSpans.install(null);
    }

    /** A recorded span as the bootstrap classes end it (the span itself names no bootstrap class). */
    private record Ending(Recorder recorder, RecordedSpan span) implements HttpSpanHandler.ClientSpan,
            HttpSpanHandler.ServerSpan {
        @Override
        public void end(int status, Throwable thrown) {
            recorder.end(span, status, thrown);
        }

        @Override
        public void route(String route) {
            span.route(route);
        }

        @Override
        public void subRoute(String template) {
            span.route(dev.weft.bootstrap.HttpSpans.routeBase(span.initialRoute()) + template);
        }

        @Override
        public void suspend() {
            recorder.suspend(span);
        }

        @Override
        public void resume() {
            recorder.resume(span);
        }

        @Override
        public String header(String name) {
            return HttpSpans.TRACEPARENT.equals(name) ? span.traceparent() : null;
        }
    }

    // ---- SpanHandler: only the context is used by the built-in instrumentations ----

    @Override
    public Started start(int probeId) {
        return null;
    }

    @Override
    public Object capture() {
        return recorder.context();
    }

    @Override
    public Attached attach(Object context) {
        Object token = recorder.swap((RecordedSpan.Context) context);
        return () -> recorder.restore(token);
    }

    @Override
    public Attached attachNone() {
        Object token = recorder.swap(null);
        return () -> recorder.restore(token);
    }

    // ---- HttpSpanHandler ----

    @Override
    public ServerSpan serverStart(String method, String path, String route, List<String> traceparent,
                               List<String> tracestate) {
        RecordedSpan span = recorder.serverStart(method, path, route, traceparent, tracestate);
        return span == null ? null : new Ending(recorder, span);
    }

    @Override
    public ServerSpan currentServer() {
        return null; // the recorder keeps no current server span; subRoute is tested with the agent's handlers
    }

    @Override
    public ClientSpan clientStart(String method, String url) {
        RecordedSpan span = recorder.clientStart(method, url);
        return span == null ? null : new Ending(recorder, span);
    }
}
