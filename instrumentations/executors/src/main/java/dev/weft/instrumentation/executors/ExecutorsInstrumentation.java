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
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * Work handed to another thread runs in the trace context of the thread that handed it over:
 * {@code ThreadPoolExecutor} and {@code ScheduledThreadPoolExecutor} ({@code execute}, {@code submit},
 * one-shot {@code schedule}), {@code ForkJoinPool} ({@code execute}, {@code submit}, {@code invoke})
 * and {@code ForkJoinTask.fork} (parallel streams fork their work so), {@code CompletableFuture}'s
 * asynchronous stages on any executor, one-shot {@code Timer} tasks, {@code Thread.start}, and, on
 * JDK 21 and later, virtual threads and the threads of thread-per-task executors and structured
 * task scopes.
 *
 * <p>Tasks keep their identity where the application gets its own object back: the context is kept
 * beside the task ({@code TaskContexts}) and made current between {@code beforeExecute} and
 * {@code afterExecute}, around a fork-join task's {@code doExec}, a stage's run, or a timer task's
 * run, so the application's hooks, {@code remove}, {@code shutdownNow} and {@code getQueue} see its
 * own objects. A periodic task runs clean. {@code ForkJoinPool} adapts plain tasks into its own
 * objects anyway, so there they are wrapped. A virtual thread's own run carries its context; its
 * scheduling (the continuation handed to the carrier pool, a timeout to the timer) carries none.
 * With no trace current this costs a null check.
 */
public final class ExecutorsInstrumentation implements BuiltInInstrumentation {

    private static final String TPE = "java.util.concurrent.ThreadPoolExecutor";
    private static final String STPE = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FJP = "java.util.concurrent.ForkJoinPool";
    private static final String THREAD = "java.lang.Thread";
    private static final String RUNNABLE = "java.lang.Runnable";
    private static final String CALLABLE = "java.util.concurrent.Callable";
    private static final String SCHEDULED_FUTURE = "java.util.concurrent.RunnableScheduledFuture";
    private static final String FJT = "java.util.concurrent.ForkJoinTask";
    private static final String FUTURE_TASK = "java.util.concurrent.FutureTask";
    private static final String CF = "java.util.concurrent.CompletableFuture";
    private static final String COMPLETION = CF + "$Completion";
    private static final String UNI_COMPLETION = CF + "$UniCompletion";
    private static final String ASYNC_SUPPLY = CF + "$AsyncSupply";
    private static final String ASYNC_RUN = CF + "$AsyncRun";
    private static final String EXECUTOR = "java.util.concurrent.Executor";
    private static final String TIMER = "java.util.Timer";
    private static final String TIMER_TASK = "java.util.TimerTask";
    private static final String TIMER_QUEUE = "java.util.TaskQueue";
    private static final String VIRTUAL_THREAD = "java.lang.VirtualThread";
    private static final String THREAD_CONTAINER = "jdk.internal.vm.ThreadContainer";

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
    private static final String FORK_JOIN_EXECUTE = ADVICE + "ForkJoinExecuteAdvice";
    private static final String FORK = ADVICE + "ForkAdvice";
    private static final String TASK_RUN = ADVICE + "TaskRunAdvice";
    private static final String ASYNC_TASK_CREATED = ADVICE + "AsyncTaskCreatedAdvice";
    private static final String STAGE_CREATED = ADVICE + "StageCreatedAdvice";
    private static final String STAGE_RUN = ADVICE + "StageRunAdvice";
    private static final String TIMER_SCHEDULE = ADVICE + "TimerScheduleAdvice";
    private static final String TIMER_TAKE = ADVICE + "TimerTakeAdvice";
    private static final String TIMER_LOOP = ADVICE + "TimerLoopAdvice";
    private static final String TASK_THREAD_START = ADVICE + "TaskThreadStartAdvice";
    private static final String NO_CONTEXT = ADVICE + "NoContextAdvice";

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
        return TypeNames.of(TPE, STPE, FJP, THREAD, FJT, FUTURE_TASK, COMPLETION, UNI_COMPLETION, ASYNC_SUPPLY, ASYNC_RUN,
                TIMER, TIMER_QUEUE, VIRTUAL_THREAD);
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
                // A pool whose beforeExecute does not call its super (Spring's ThreadPoolTaskExecutor
                // makes one) never reaches BEFORE_RUN: what it was submitted (a FutureTask) takes its
                // context as it runs. Where BEFORE_RUN did run, the task's context is taken already.
                MethodAdvice.on(in(FUTURE_TASK).and(named("run")).and(takesArguments(0)), TASK_RUN),
                // Every schedule* and STPE's own execute/submit hand their task over here.
                MethodAdvice.on(in(STPE).and(named("delayedExecute")).and(takesArguments(1))
                        .and(takesArgument(0, named(SCHEDULED_FUTURE))), SCHEDULED_HAND_OVER),
                // A ForkJoinTask passed as a Runnable is queued as itself; submit(Runnable, T) always adapts it.
                MethodAdvice.on(in(FJP).and(namedOneOf("execute", "submit")).and(takesArguments(1))
                        .and(takesArgument(0, named(RUNNABLE))), FORK_JOIN_EXECUTE),
                MethodAdvice.on(in(FJP).and(named("submit")).and(takesArguments(2))
                        .and(takesArgument(0, named(RUNNABLE))), WRAP_RUNNABLE),
                MethodAdvice.on(in(FJP).and(named("submit")).and(takesArgument(0, named(CALLABLE))), WRAP_CALLABLE),
                MethodAdvice.on(in(FJP).and(namedOneOf("execute", "submit", "invoke")).and(takesArguments(1))
                        .and(takesArgument(0, named(FJT))), HAND_OVER),
                MethodAdvice.on(in(FJT).and(named("fork")).and(takesArguments(0)), FORK),
                MethodAdvice.on(in(FJT).and(named("doExec")).and(takesArguments(0)), TASK_RUN),
                // CompletableFuture's asynchronous tasks are its own ForkJoinTasks, handed to any executor.
                MethodAdvice.on(in(ASYNC_SUPPLY).or(in(ASYNC_RUN)).and(isConstructor()), ASYNC_TASK_CREATED),
                MethodAdvice.on(in(UNI_COMPLETION).and(isConstructor()).and(takesArguments(3))
                        .and(takesArgument(0, named(EXECUTOR))).and(takesArgument(2, named(CF))), STAGE_CREATED),
                MethodAdvice.on(in(ASYNC_SUPPLY).or(in(ASYNC_RUN)).and(named("run")).and(takesArguments(0)), STAGE_RUN),
                MethodAdvice.on(in(COMPLETION).and(namedOneOf("run", "exec")).and(takesArguments(0)), STAGE_RUN),
                MethodAdvice.on(in(TIMER).and(named("sched")).and(takesArguments(3))
                        .and(takesArgument(0, named(TIMER_TASK))), TIMER_SCHEDULE),
                MethodAdvice.on(in(TIMER_QUEUE).and(named("removeMin")).and(takesArguments(0)), TIMER_TAKE),
                MethodAdvice.on(in(TIMER_QUEUE).and(named("isEmpty")).and(takesArguments(0)), TIMER_LOOP),
                MethodAdvice.on(in(THREAD).and(named("start")).and(takesArguments(0)), THREAD_START),
                MethodAdvice.on(in(THREAD).and(named("run")).and(takesArguments(0)), THREAD_RUN),
                // JDK 21+: thread-per-task executors and structured task scopes start threads into a container.
                MethodAdvice.on(in(THREAD).or(in(VIRTUAL_THREAD)).and(named("start")).and(takesArguments(1))
                        .and(takesArgument(0, named(THREAD_CONTAINER))), TASK_THREAD_START),
                // A virtual thread never calls Thread.run: its task runs in its own run(Runnable).
                MethodAdvice.on(in(VIRTUAL_THREAD).and(named("run")).and(takesArguments(1))
                        .and(takesArgument(0, named(RUNNABLE))), THREAD_RUN),
                MethodAdvice.on(in(VIRTUAL_THREAD).and(namedOneOf("submitRunContinuation", "lazySubmitRunContinuation",
                        "externalSubmitRunContinuation", "externalSubmitRunContinuationOrThrow", "schedule")), NO_CONTEXT));
    }

    /** The advice names only these JDK types besides Weft's bootstrap classes. */
    @Override
    public List<Reference> references() {
        return List.of(Reference.type(RUNNABLE), Reference.type(CALLABLE), Reference.type(THREAD),
                Reference.method(SCHEDULED_FUTURE, "isPeriodic"), Reference.type(FJT), Reference.type(EXECUTOR),
                Reference.method(CF, "isDone"), Reference.type(TIMER_TASK));
    }

    private static ElementMatcher.Junction<MethodDescription> in(String type) {
        return isDeclaredBy(named(type));
    }
}
