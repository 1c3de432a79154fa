package dev.weft.agent.trace;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;

import java.lang.invoke.MethodHandle;
import java.lang.ref.WeakReference;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Keeps {@code trace_id}, {@code span_id} and {@code trace_flags} in the application's SLF4J MDC
 * while a span is current, so its log lines (Logback, Log4j 2, any SLF4J backend) name the trace.
 * SLF4J is the application's, found through the thread's context class loader (or the system
 * class loader); with no SLF4J there, this does nothing.
 */
public final class MdcBridge {

    static final String TRACE_ID = "trace_id";
    static final String SPAN_ID = "span_id";
    static final String TRACE_FLAGS = "trace_flags";

    /** MDC.put and MDC.remove of one class loader's SLF4J. */
    private record Mdc(MethodHandle put, MethodHandle remove) {
    }

    private static final Mdc ABSENT = new Mdc(null, null);
    /**
     * Values held weakly too: an MDC's method handles reach its class loader, and a strong value
     * would keep the key (a webapp's dropped loader) alive for ever.
     */
    private final Map<ClassLoader, WeakReference<Mdc>> byLoader = new WeakHashMap<>();
    /**
     * The last loader looked up and its MDC: most services have one, so most calls take no lock.
     * It keeps at most that one loader alive, until another one is looked up.
     */
    private volatile Object[] last = {null, ABSENT};

    /** Makes the MDC name the span current on this thread, or nothing when none is. */
    void sync() {
        Mdc mdc = mdc();
        if (mdc == ABSENT) {
            return;
        }
        SpanContext context = Span.current().getSpanContext();
        try {
            if (context.isValid()) {
                mdc.put().invokeExact(TRACE_ID, context.getTraceId());
                mdc.put().invokeExact(SPAN_ID, context.getSpanId());
                mdc.put().invokeExact(TRACE_FLAGS, context.getTraceFlags().asHex());
            } else {
                mdc.remove().invokeExact(TRACE_ID);
                mdc.remove().invokeExact(SPAN_ID);
                mdc.remove().invokeExact(TRACE_FLAGS);
            }
        } catch (Throwable e) {
            // a logging backend that refuses the MDC costs the log correlation, nothing else
        }
    }

    private Mdc mdc() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        Object[] cached = last;
        if (cached[0] == loader) {
            return (Mdc) cached[1];
        }
        synchronized (byLoader) {
            WeakReference<Mdc> known = byLoader.get(loader);
            Mdc mdc = known == null ? null : known.get();
            if (mdc == null) {
                mdc = find(loader);
                byLoader.put(loader, new WeakReference<>(mdc));
            }
            last = new Object[] {loader, mdc};
            return mdc;
        }
    }

    private static Mdc find(ClassLoader loader) {
        try {
            Class<?> type = Class.forName("org.slf4j.MDC", true, loader);
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            return new Mdc(
                    lookup.findStatic(type, "put", MethodType.methodType(void.class, String.class, String.class)),
                    lookup.findStatic(type, "remove", MethodType.methodType(void.class, String.class)));
        } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
            return ABSENT;
        }
    }
}
