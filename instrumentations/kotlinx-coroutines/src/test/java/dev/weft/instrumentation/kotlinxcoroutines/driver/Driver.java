package dev.weft.instrumentation.kotlinxcoroutines.driver;

import dev.weft.bootstrap.Spans;
import kotlin.Unit;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.sequences.SequencesKt;
import kotlinx.coroutines.BuildersKt;
import kotlinx.coroutines.CoroutineDispatcher;
import kotlinx.coroutines.CoroutineStart;
import kotlinx.coroutines.DelayKt;
import kotlinx.coroutines.Dispatchers;
import kotlinx.coroutines.ExecutorsKt;
import kotlinx.coroutines.GlobalScope;
import kotlinx.coroutines.Job;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Drives kotlinx-coroutines from Java inside the application's loader, as Kotlin code compiles to:
 * the blocks are {@code Function2}s the library runs as suspending lambdas. Each step notes where
 * it ran: {@code {step, thread name, the trace context current there}}.
 */
public final class Driver {

    private Driver() {
    }

    /** {@code runBlocking { withContext(IO) { withContext(Default) { } } }}. */
    public static List<Object[]> hops() throws InterruptedException {
        List<Object[]> seen = new CopyOnWriteArrayList<>();
        BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE, (scope, blocking) -> {
            seen.add(note("runBlocking"));
            return BuildersKt.withContext(Dispatchers.getIO(), (io, inIo) -> {
                seen.add(note("io"));
                return BuildersKt.withContext(Dispatchers.getDefault(), (def, inDefault) -> {
                    seen.add(note("default"));
                    return Unit.INSTANCE;
                }, inIo);
            }, blocking);
        });
        seen.add(note("after runBlocking"));
        return seen;
    }

    /**
     * A coroutine created here, not started: {@code launch(dispatcher, LAZY) { note; delay(50) }},
     * noting again when it completes, which it does on the thread its delay resumed it on. Returns
     * what {@link #start} and {@link #await} take.
     */
    public static Object[] lazy(String dispatcher) {
        List<Object[]> seen = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Job job = BuildersKt.launch(GlobalScope.INSTANCE, dispatcher(dispatcher), CoroutineStart.LAZY, (scope, body) -> {
            seen.add(note("first"));
            return DelayKt.delay(50, body);
        });
        job.invokeOnCompletion(cause -> {
            seen.add(note("after delay"));
            done.countDown();
            return Unit.INSTANCE;
        });
        return new Object[] {job, seen, done};
    }

    /** Starts a coroutine of {@link #lazy}; returns the trace context current here once {@code start} returned. */
    public static Object start(Object[] run) {
        ((Job) run[0]).start();
        return Spans.capture();
    }

    /** Waits until a coroutine of {@link #lazy} is done; returns what it noted. */
    @SuppressWarnings("unchecked")
    public static List<Object[]> await(Object[] run) throws InterruptedException {
        if (!((CountDownLatch) run[2]).await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the coroutine did not complete");
        }
        return (List<Object[]>) run[1];
    }

    /** A plain task (no coroutine) on a worker of {@code Dispatchers.Default}: the worker's own context. */
    public static Object[] plainTaskOnDefault() throws Exception {
        CompletableFuture<Object[]> seen = new CompletableFuture<>();
        ExecutorsKt.asExecutor(Dispatchers.getDefault()).execute(() -> seen.complete(note("plain task")));
        return seen.get(10, TimeUnit.SECONDS);
    }

    /** The first element of {@code sequence { yield(note) }}: suspending code of the standard library alone. */
    public static Object[] sequence() {
        Iterator<Object[]> values = SequencesKt.<Object[]>sequence((scope, body) -> scope.yield(note("sequence"), body))
                .iterator();
        return values.next();
    }

    private static CoroutineDispatcher dispatcher(String name) {
        switch (name) {
            case "default":
                return Dispatchers.getDefault();
            case "unconfined":
                return Dispatchers.getUnconfined();
            default:
                throw new IllegalArgumentException(name);
        }
    }

    private static Object[] note(String step) {
        return new Object[] {step, Thread.currentThread().getName(), Spans.capture()};
    }
}
