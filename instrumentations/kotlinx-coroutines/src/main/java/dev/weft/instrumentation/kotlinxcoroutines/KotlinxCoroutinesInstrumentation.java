package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.instrumentation.api.BuiltInInstrumentation;
import dev.weft.instrumentation.api.ClassLoaderMatchers;
import dev.weft.instrumentation.api.MethodAdvice;
import dev.weft.instrumentation.api.Reference;
import dev.weft.instrumentation.api.TypeNames;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

import java.util.List;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isSynthetic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

/**
 * A Kotlin coroutine runs in the trace context it was created in ({@code launch}, {@code async},
 * {@code runBlocking}, {@code withContext}...), in every resumption, on whichever thread and
 * dispatcher it resumes; when it suspends, the thread gets back the context it had. A coroutine
 * created outside any trace runs in none.
 *
 * <p>Every kotlinx coroutine is an {@code AbstractCoroutine}: its constructor remembers the
 * creator's context beside it ({@code CoroutineContexts}). Every resumption of Kotlin-compiled
 * suspending code, whatever dispatched it (a dispatcher's worker, {@code runBlocking}'s event loop,
 * {@code Dispatchers.Unconfined} on the resuming thread), enters the standard library's
 * {@code BaseContinuationImpl.resumeWith}; the coroutine is the {@code Job} of the continuation's
 * context. No class is added to the application and no element to its coroutine contexts.
 */
public final class KotlinxCoroutinesInstrumentation implements BuiltInInstrumentation {

    private static final String ABSTRACT_COROUTINE = "kotlinx.coroutines.AbstractCoroutine";
    private static final String JOB = "kotlinx.coroutines.Job";
    private static final String CONTINUATION_IMPL = "kotlin.coroutines.jvm.internal.BaseContinuationImpl";
    private static final String CONTINUATION = "kotlin.coroutines.Continuation";
    private static final String CONTEXT = "kotlin.coroutines.CoroutineContext";

    private static final String ADVICE = "dev.weft.instrumentation.kotlinxcoroutines.";

    /** Trace context is all it carries. */
    @Override
    public boolean needsTracing() {
        return true;
    }

    @Override
    public String name() {
        return "kotlinx-coroutines";
    }

    @Override
    public ElementMatcher<? super TypeDescription> typeMatcher() {
        return TypeNames.of(ABSTRACT_COROUTINE, CONTINUATION_IMPL);
    }

    /** A loader with Kotlin's standard library but no kotlinx-coroutines has no coroutine to follow. */
    @Override
    public ElementMatcher<? super ClassLoader> classLoaderMatcher() {
        return ClassLoaderMatchers.canSee(JOB);
    }

    @Override
    public List<MethodAdvice> advice() {
        return List.of(
                // Not the synthetic constructor of Kotlin's default arguments: it calls the real one.
                MethodAdvice.on(isDeclaredBy(named(ABSTRACT_COROUTINE)).and(isConstructor()).and(not(isSynthetic())),
                        ADVICE + "CoroutineCreatedAdvice"),
                MethodAdvice.on(isDeclaredBy(named(CONTINUATION_IMPL)).and(named("resumeWith")).and(takesArguments(1)),
                        ADVICE + "ResumeAdvice"));
    }

    @Override
    public List<Reference> references() {
        return List.of(Reference.type(ABSTRACT_COROUTINE),
                Reference.type(JOB + "$Key"),
                Reference.method(CONTINUATION, "getContext"),
                Reference.method(CONTEXT, "get", CONTEXT + "$Key"));
    }
}
