package dev.weft.bootstrap;

import java.util.concurrent.Callable;

/** A {@link Callable} handed to another thread, run there in the trace context of the thread that handed it over. */
public final class ContextCallable<T> implements Callable<T> {

    private final Callable<T> task;
    private final Object context;

    ContextCallable(Callable<T> task, Object context) {
        this.task = task;
        this.context = context;
    }

    @Override
    public T call() throws Exception {
        Object attached = Spans.attach(context);
        try {
            return task.call();
        } finally {
            Spans.detach(attached);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
