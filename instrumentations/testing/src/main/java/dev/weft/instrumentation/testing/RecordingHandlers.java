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

    // ---- SpanHandler: only the context is used by the built-in instrumentations ----

    @Override
    public Object start(int probeId) {
        return null;
    }

    @Override
    public void end(Object span, Throwable thrown) {
    }

    @Override
    public Object capture() {
        return recorder.context();
    }

    @Override
    public Object attach(Object context) {
        return recorder.swap((RecordedSpan.Context) context);
    }

    @Override
    public Object attachNone() {
        return recorder.swap(null);
    }

    @Override
    public void detach(Object attached) {
        recorder.restore(attached);
    }

    // ---- HttpSpanHandler ----

    @Override
    public Object serverStart(String method, String path, String route, List<String> traceparent, List<String> tracestate) {
        return recorder.serverStart(method, path, route, traceparent, tracestate);
    }

    @Override
    public void serverEnd(Object span, int status, Throwable thrown) {
        recorder.end((RecordedSpan) span, status, thrown);
    }

    @Override
    public Object clientStart(String method, String url) {
        return recorder.clientStart(method, url);
    }

    @Override
    public String clientHeader(Object span, String name) {
        return HttpSpans.TRACEPARENT.equals(name) ? ((RecordedSpan) span).traceparent() : null;
    }

    @Override
    public void clientEnd(Object span, int status, Throwable thrown) {
        recorder.end((RecordedSpan) span, status, thrown);
    }
}
