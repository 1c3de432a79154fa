package dev.weft.bootstrap;

/** A task handed to another thread, run there in the trace context of the thread that handed it over. */
public final class ContextRunnable implements Runnable {

    private final Runnable task;
    private final Object context;

    ContextRunnable(Runnable task, Object context) {
        this.task = task;
        this.context = context;
    }

    @Override
    public void run() {
        Object attached = Spans.attach(context);
        try {
            task.run();
        } finally {
            Spans.detach(attached);
        }
    }

    @Override
    public String toString() {
        return task.toString();
    }
}
