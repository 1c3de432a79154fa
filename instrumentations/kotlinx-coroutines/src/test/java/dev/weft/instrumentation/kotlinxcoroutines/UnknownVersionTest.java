package dev.weft.instrumentation.kotlinxcoroutines;

import dev.weft.instrumentation.testing.Installation;
import dev.weft.instrumentation.testing.Recorder;
import dev.weft.instrumentation.testing.TestAgent;
import dev.weft.instrumentation.testing.TestLoaders;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kotlinx-coroutines of a shape the advice does not know: its {@code Job} has no {@code Key}.
 * The instrumentation leaves that loader alone, the standard library beside it included, says so
 * in one line, and the coroutine classes run as they are.
 */
class UnknownVersionTest {

    @Test
    void aLibraryWithoutWhatTheAdviceNeedsIsSkippedWithOneLineAndRunsUnchanged() throws Exception {
        byte[] job = new ByteBuddy().makeInterface().name("kotlinx.coroutines.Job").make().getBytes();
        byte[] coroutine = new ByteBuddy().subclass(Object.class).name("kotlinx.coroutines.AbstractCoroutine")
                .make().getBytes();
        TestLoaders app = TestLoaders.named("coroutines-unknown-app")
                .define("kotlinx.coroutines.Job", job)
                .define("kotlinx.coroutines.AbstractCoroutine", coroutine);
        CoroutinesLibrary.jars("1.10.2").stream().filter(p -> p.getFileName().toString().startsWith("kotlin-stdlib"))
                .forEach(app::jar);

        try (Recorder recorder = Recorder.install();
             Installation installation = TestAgent.install("kotlinx-coroutines");
             URLClassLoader loader = app.build()) {
            Object created = recorder.inTrace("unknown", () ->
                    loader.loadClass("kotlinx.coroutines.AbstractCoroutine").getConstructor().newInstance());
            assertEquals("kotlinx.coroutines.AbstractCoroutine", created.getClass().getName());
            loader.loadClass("kotlin.coroutines.jvm.internal.BaseContinuationImpl");

            List<String> warnings = installation.warnings();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("instrumentation kotlinx-coroutines skipped in coroutines-unknown-app"),
                    warnings.get(0));
            assertTrue(warnings.get(0).endsWith("kotlinx.coroutines.Job$Key not found"), warnings.get(0));
            List<InstrumentationStatus.Skip> skipped = installation.status("kotlinx-coroutines").skipped();
            assertEquals(1, skipped.size(), skipped.toString());
            assertEquals(List.of(), installation.status("kotlinx-coroutines").wovenTypes());
        }
    }
}
