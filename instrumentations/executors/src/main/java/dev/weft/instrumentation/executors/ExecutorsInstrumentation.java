package dev.weft.instrumentation.executors;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.asm.Advice;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Work handed to another thread runs in the trace context of the thread that handed it over:
 * {@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} ({@code execute}, {@code submit},
 * {@code schedule*}), {@code ForkJoinPool} ({@code execute}, {@code submit} of plain tasks, which
 * covers {@code CompletableFuture}'s async stages), and {@code Thread.start}.
 *
 * <p>Tasks are wrapped only when a trace is current, so with no trace this costs a null check.
 */
public final class ExecutorsInstrumentation {

    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FJP = "java.util.concurrent.ForkJoinPool";

    private ExecutorsInstrumentation() {
    }

    /** The JDK classes this instrumentation changes (all loaded before any agent runs). */
    public static final java.util.List<String> TYPES = java.util.List.of(TPE, STPE, FJP, "java.lang.Thread");

    public static AgentBuilder apply(AgentBuilder builder) {
        return builder
                .type(named(TPE)).transform((b, type, loader, module, domain) -> b
                        .visit(Advice.to(WrapRunnableAdvice.class).on(named("execute")
                                .and(takesArguments(Runnable.class))))
                        .visit(Advice.to(PoolWorkerAdvice.class).on(named("runWorker").and(takesArguments(1)))))
                .type(named(STPE)).transform((b, type, loader, module, domain) -> b
                        .visit(Advice.to(WrapRunnableAdvice.class).on(named("schedule")
                                .or(named("scheduleAtFixedRate")).or(named("scheduleWithFixedDelay"))
                                .and(takesArgument(0, Runnable.class))))
                        .visit(Advice.to(WrapCallableAdvice.class).on(named("schedule")
                                .and(takesArgument(0, java.util.concurrent.Callable.class)))))
                .type(named(FJP)).transform((b, type, loader, module, domain) -> b
                        .visit(Advice.to(WrapRunnableAdvice.class).on(named("execute").or(named("submit"))
                                .and(takesArgument(0, Runnable.class))))
                        .visit(Advice.to(WrapCallableAdvice.class).on(named("submit")
                                .and(takesArgument(0, java.util.concurrent.Callable.class)))))
                .type(named("java.lang.Thread")).transform((b, type, loader, module, domain) -> b
                        .visit(Advice.to(ThreadStartAdvice.class).on(named("start").and(takesArguments(0))))
                        .visit(Advice.to(ThreadRunAdvice.class).on(named("run").and(takesArguments(0)))));
    }
}
