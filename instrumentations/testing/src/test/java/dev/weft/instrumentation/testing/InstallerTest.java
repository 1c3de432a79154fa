package dev.weft.instrumentation.testing;

import dev.weft.instrumentation.testing.fixture.WaveInstrumentation;
import dev.weft.instrumentation.weaving.InstrumentationInstaller;
import dev.weft.instrumentation.weaving.InstrumentationStatus;
import dev.weft.instrumentation.weaving.InstrumentationSwitches;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.util.List;
import java.util.Map;

import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.GREETER;
import static dev.weft.instrumentation.testing.fixture.WaveInstrumentation.LIBRARY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Switching instrumentations on and off while classes are loaded. */
class InstallerTest {

    @Test
    void loadedClassesAreRewovenWhenTheEnabledSetChangesAndLeftAloneWhenItDoesNot() throws Exception {
        try (URLClassLoader loader = TestLoaders.named("library").copy(GREETER).copy(LIBRARY).build()) {
            Class<?> greeterClass = Class.forName(GREETER, true, loader);
            Object greeter = greeterClass.getConstructor().newInstance();
            Method greet = greeterClass.getMethod("greet");
            assertEquals("hello", greet.invoke(greeter));

            try (Installation installation = TestAgent.install(List.of(new WaveInstrumentation()))) {
                InstrumentationInstaller installer = installation.installer();
                assertEquals("hello~", greet.invoke(greeter), "a class loaded before is retransformed");
                assertEquals(List.of(GREETER), installation.status("wave").wovenTypes());

                assertFalse(installer.install(installation.instrumentation(), instrumentation -> true),
                        "the same set again changes nothing");
                assertEquals("hello~", greet.invoke(greeter));

                assertTrue(installer.install(installation.instrumentation(),
                        InstrumentationSwitches.enabledBy(Map.of("greetings", false))));
                assertEquals("hello", greet.invoke(greeter), "switched off: the class is as it was");
                InstrumentationStatus off = installation.status("wave");
                assertFalse(off.enabled());
                assertEquals(List.of(), off.wovenTypes());
                assertEquals(0, off.wovenCount());

                assertTrue(installer.install(installation.instrumentation(),
                        InstrumentationSwitches.enabledBy(Map.of("greetings", false, "wave", true))));
                assertEquals("hello~", greet.invoke(greeter), "a switch by name beats its group's");
                assertTrue(installation.status("wave").enabled());
                assertEquals(List.of(), installation.warnings());
            }
            assertEquals("hello", greet.invoke(greeter), "closing the installation puts the class back");
        }
    }
}
