package dev.weft.instrumentation.executors;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isBootstrapClassLoader;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Work handed to another thread runs in the trace context of the thread that handed it over:
 * {@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} ({@code execute}, {@code submit},
 * one-shot {@code schedule}), {@code ForkJoinPool} ({@code execute}, {@code submit} of plain tasks,
 * which covers {@code CompletableFuture}'s async stages), and {@code Thread.start}.
 *
 * <p>A pool's tasks keep their identity: the context is kept beside the task ({@code TaskContexts})
 * and made current between {@code beforeExecute} and {@code afterExecute}, so the application's
 * hooks, {@code remove}, {@code shutdownNow} and {@code getQueue} see its own objects. A periodic
 * task runs clean. {@code ForkJoinPool} adapts plain tasks into its own objects anyway, so there
 * they are wrapped. With no trace current this costs a null check.
 */
public final class ExecutorsInstrumentation implements BuiltInInstrumentation {

    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FJP = "java.util.concurrent.ForkJoinPool";
    private static final String THREAD = "java.lang.Thread";
    private static final String RUNNABLE = "java.lang.Runnable";
    private static final String CALLABLE = "java.util.concurrent.Callable";
    private static final String SCHEDULED_FUTURE = "java.util.concurrent.RunnableScheduledFuture";

    private static final String ADVICE = "dev.weft.instrumentation.executors.";
    private static final String WRAP_RUNNABLE = ADVICE + "WrapRunnableAdvice";
    private static final String HAND_OVER = ADVICE + "HandOverAdvice";
    private static final String SCHEDULED_HAND_OVER = ADVICE + "ScheduledHandOverAdvice";
    private static final String BEFORE_RUN = ADVICE + "BeforeRunAdvice";
    private static final String AFTER_RUN = ADVICE + "AfterRunAdvice";
    private static final String WRAP_CALLABLE = ADVICE + "WrapCallableAdvice";
    private static final String POOL_WORKER = ADVICE + "PoolWorkerAdvice";
    private static final String THREAD_START = ADVICE + "ThreadStartAdvice";
    private static final String THREAD_RUN = ADVICE + "ThreadRunAdvice";

    /** Trace context is all it carries. */
    @Override
    public boolean needsTracing() {
        return true;
    }

    @Override
    public String name() {
        return "executors";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(TPE, STPE, FJP, THREAD);
    }

    /** All of them are JDK classes of the bootstrap loader. */
    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return isBootstrapClassLoader();
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                MethodAdvice.on(in(TPE).and(named("execute")).and(takesArguments(1)).and(takesArgument(0, named(RUNNABLE))),
                        HAND_OVER),
                MethodAdvice.on(in(TPE).and(named("beforeExecute")).and(takesArguments(2))
                        .and(takesArgument(1, named(RUNNABLE))), BEFORE_RUN),
                MethodAdvice.on(in(TPE).and(named("afterExecute")).and(takesArguments(2)), AFTER_RUN),
                MethodAdvice.on(in(TPE).and(named("runWorker")).and(takesArguments(1)), POOL_WORKER),
                // Every schedule* and STPE's own execute/submit hand their task over here.
                MethodAdvice.on(in(STPE).and(named("delayedExecute")).and(takesArguments(1))
                        .and(takesArgument(0, named(SCHEDULED_FUTURE))), SCHEDULED_HAND_OVER),
                MethodAdvice.on(in(FJP).and(namedOneOf("execute", "submit")).and(takesArgument(0, named(RUNNABLE))),
                        WRAP_RUNNABLE),
                MethodAdvice.on(in(FJP).and(named("submit")).and(takesArgument(0, named(CALLABLE))), WRAP_CALLABLE),
                MethodAdvice.on(in(THREAD).and(named("start")).and(takesArguments(0)), THREAD_START),
                MethodAdvice.on(in(THREAD).and(named("run")).and(takesArguments(0)), THREAD_RUN));
    }

    /** The advice names only these JDK types besides Weft's bootstrap classes. */
    @Override
    public List<Reference> references() {
        return List.of(Reference.type(RUNNABLE), Reference.type(CALLABLE), Reference.type(THREAD),
                Reference.method(SCHEDULED_FUTURE, "isPeriodic"));
    }

    private static ElementMatcher.Junction<MethodDescription> in(String type) {
        return isDeclaredBy(named(type));
    }
}
