package dev.weft.instrumentation.testing;

import dev.weft.instrumentation.testing.fixture.WaveInstrumentation;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.description.modifier.Visibility;
import org.junit.jupiter.api.Test;

import java.net.URLClassLoader;
import java.util.List;

import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.ADVICE;
import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.FAREWELL;
import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.GREETER;
import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.LIBRARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The check, per class loader, that what the advice needs is there before anything is woven. */
class ReferenceCheckInLoadersTest {

    @Test
    void aLoaderWhoseLibraryLacksAMethodTheAdviceNeedsIsLeftAloneWithOneWarning() throws Exception {
        byte[] olderLibrary = new ByteBuddy().subclass(Object.class).name(LIBRARY).modifiers(Visibility.PUBLIC)
                .make().getBytes();
        try (Installation installation = TestAgent.install(List.of(new WaveInstrumentation()));
             URLClassLoader current = TestLoaders.named("current-library")
                     .copy(GREETER).copy(FAREWELL).copy(LIBRARY).build();
             URLClassLoader older = TestLoaders.named("older-library")
                     .copy(GREETER).copy(FAREWELL).define(LIBRARY, olderLibrary).build()) {

            assertEquals("hello~", call(current, GREETER, "greet"));
            assertEquals("bye~", call(current, FAREWELL, "bye"));

            assertEquals("hello", call(older, GREETER, "greet"), "not woven where Library.wave() is missing");
            assertEquals("bye", call(older, FAREWELL, "bye"), "no class of that loader is woven, not half of them");
            assertEquals("hello", call(older, GREETER, "greet"));

            // (Loaders of other tests, closed and unable to serve class files, may be skipped too.)
            List<String> warnings = installation.warnings().stream()
                    .filter(w -> w.contains("-library (")).toList();
            assertEquals(1, warnings.size(), installation.warnings().toString());
            assertTrue(warnings.get(0).matches("instrumentation wave skipped in older-library "
                    + "\\(java\\.net\\.URLClassLoader@[0-9a-f]+\\): " + LIBRARY.replace(".", "\\.")
                    + "#wave\\(\\) not found"), warnings.get(0));

            InstrumentationStatus status = installation.status("wave");
            assertTrue(status.enabled());
            assertEquals("greetings", status.group());
            assertEquals(List.of(GREETER, FAREWELL), status.wovenTypes(), "woven in the current loader only");
            assertEquals(2, status.wovenCount());
            List<InstrumentationStatus.Skip> skipped = status.skipped().stream()
                    .filter(skip -> skip.loader().contains("-library (")).toList();
            assertEquals(1, skipped.size(), status.toString());
            assertTrue(skipped.get(0).loader().startsWith("older-library ("), status.toString());
            assertEquals(LIBRARY + "#wave() not found", skipped.get(0).reason());

            assertFalse(TestAgent.isLoaded(ADVICE), "advice is copied from its class file, never loaded");
        }
    }

    static Object call(ClassLoader loader, String className, String method) throws Exception {
        Class<?> type = Class.forName(className, true, loader);
        return type.getMethod(method).invoke(type.getConstructor().newInstance());
    }
}
