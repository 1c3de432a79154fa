package dev.weft.agent.support;

import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.instrument.Instrumentation;
import java.lang.module.ModuleFinder;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JdkModulesTest {

    /** In the JDK image, required by nothing, so absent from the boot layer of a class-path JVM such as this one. */
    private static final String NOT_IN_BOOT_LAYER = "jdk.incubator.vector";

    private static Instrumentation inst;

    @BeforeAll
    static void instrumentation() {
        inst = ByteBuddyAgent.install();
    }

    @Test
    void modulesOfTheBootLayerNeedNothing() {
        JdkModules modules = new JdkModules(inst);
        assertNull(modules.unavailable(List.of("jdk.httpserver", "java.net.http", "java.logging")));
    }

    @Test
    void aJdkModuleTheBootLayerLacksIsAddedAndItsClassesLinkByNameFromWeftsLoader() throws Exception {
        ClassLoader weft = JdkModules.class.getClassLoader();
        assertTrue(ModuleLayer.boot().findModule(NOT_IN_BOOT_LAYER).isEmpty(), "the test needs a module the JVM left out");
        assertThrows(ClassNotFoundException.class, () -> Class.forName("jdk.incubator.vector.VectorShape", false, weft));

        JdkModules modules = new JdkModules(inst);
        assertNull(modules.unavailable(NOT_IN_BOOT_LAYER));
        assertNull(modules.unavailable(NOT_IN_BOOT_LAYER), "asked again: still there, added once");

        Class<?> shape = Class.forName("jdk.incubator.vector.VectorShape", false, weft);
        Module module = shape.getModule();
        assertEquals(NOT_IN_BOOT_LAYER, module.getName(), "a named module, as in the boot layer");
        assertSame(weft, shape.getClassLoader());
        assertNotSame(ModuleLayer.boot(), module.getLayer());
        // Initialising its classes takes what java.base exports to that module by name only.
        Class<?> ints = Class.forName("jdk.incubator.vector.IntVector", true, weft);
        Object species = ints.getField("SPECIES_128").get(null);
        assertEquals(4, Class.forName("jdk.incubator.vector.VectorSpecies", false, weft).getMethod("length")
                .invoke(species), "128 bits of ints");
    }

    @Test
    void aModuleTheImageLacksIsNamedWithTheJlinkOptionThatAddsIt() {
        JdkModules modules = new JdkModules(inst, ModuleLayer.boot(), ModuleFinder.of(), null);
        assertEquals("it needs the module jdk.nothing, which this runtime image lacks: build the image with "
                + "jlink --add-modules jdk.nothing", modules.unavailable("jdk.nothing"));
    }

    @Test
    void aJavaModuleTheJvmLeftOutIsNamedWithTheLauncherOptionThatResolvesIt() {
        // java.se is in the image and this JVM did not resolve it; java.* modules cannot be added later.
        assertTrue(ModuleLayer.boot().findModule("java.se").isEmpty());
        JdkModules modules = new JdkModules(inst, ModuleLayer.boot(), ModuleFinder.ofSystem(), "shop");
        String advice = modules.unavailable("java.se");
        assertEquals("it needs the module java.se, which the JVM did not resolve (the application's module shop "
                + "does not require it) and a java.* module can only be added as the JVM starts: start the JVM with "
                + "--add-modules java.se", advice);
        assertTrue(ModuleLayer.boot().findModule("java.se").isEmpty());
    }

    @Test
    void adviceForAJlinkImageNamesBothOptionsForJavaModulesOfANamedModuleApplication() {
        List<String> needed = List.of("java.logging", "java.net.http");
        assertEquals("it needs the modules java.logging, java.net.http, which this runtime image lacks: build the "
                        + "image with jlink --add-modules java.logging,java.net.http and start the JVM with --add-modules "
                        + "java.logging,java.net.http",
                JdkModules.advice(needed, needed, List.of(), null, "shop", JdkModules::mustResolveAtStart));
        // From the class path, what the image holds is resolved at start anyway.
        assertEquals("it needs the modules java.logging, java.net.http, which this runtime image lacks: build the "
                        + "image with jlink --add-modules java.logging,java.net.http",
                JdkModules.advice(needed, needed, List.of(), null, null, JdkModules::mustResolveAtStart));
    }

    @Test
    void adviceForSomeModulesLackingAndOthersUnresolvedNamesEach() {
        String advice = JdkModules.advice(List.of("java.logging", "java.net.http"), List.of("java.logging"),
                List.of("java.net.http"), "a java.* module can only be added as the JVM starts", "shop",
                JdkModules::mustResolveAtStart);
        assertEquals("it needs the modules java.logging, java.net.http; this runtime image lacks java.logging: build "
                + "the image with jlink --add-modules java.logging; the JVM did not resolve java.net.http (the "
                + "application's module shop does not require it) and a java.* module can only be added as the JVM "
                + "starts: start the JVM with --add-modules java.net.http,java.logging", advice);
    }

    @Test
    void nothingMissingIsNoAdvice() {
        assertNull(JdkModules.advice(List.of("jdk.httpserver"), List.of(), List.of(), null, "shop",
                JdkModules::mustResolveAtStart));
        assertFalse(JdkModules.mustResolveAtStart("jdk.httpserver"));
    }
}
