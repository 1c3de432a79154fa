package dev.weft.instrumentation.weaving;

import dev.weft.instrumentation.api.Reference;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.pool.TypePool;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReferenceCheckTest {

    private static final ClassLoader LOADER = ReferenceCheckTest.class.getClassLoader();

    @Test
    void classesAndMethodsThatArePresentPass() {
        assertEquals(ReferenceCheck.PRESENT, ReferenceCheck.firstMissing(List.of(
                Reference.type("java.util.concurrent.Callable"),
                Reference.method("java.lang.String", "isBlank"),
                Reference.method("java.lang.String", "regionMatches", "boolean", "int", "java.lang.String", "int", "int"),
                Reference.method("java.lang.String", "join", "java.lang.CharSequence", "java.lang.CharSequence[]"),
                Reference.method("java.util.ArrayList", "stream"), // a default method of Collection
                Reference.method("java.util.ArrayList", "hashCode"), // from AbstractList
                Reference.method("java.util.List", "getClass")), // an interface has Object's methods
                LOADER));
    }

    @Test
    void theFirstMissingOneIsNamed() {
        assertEquals("acme.Missing not found", ReferenceCheck.firstMissing(List.of(
                Reference.method("java.lang.String", "isBlank"),
                Reference.method("acme.Missing", "run"),
                Reference.method("java.lang.String", "nope")), LOADER));
        assertEquals("java.lang.String#isBlank(int) not found", ReferenceCheck.firstMissing(List.of(
                Reference.method("java.lang.String", "isBlank", "int")), LOADER));
    }

    @Test
    void aMissingSuperTypeIsNamed() {
        DynamicType.Unloaded<?> parent = new ByteBuddy().subclass(Object.class).name("acme.Parent").make();
        byte[] child = new ByteBuddy().subclass(parent.getTypeDescription()).name("acme.Child").make().getBytes();
        // acme.Child extends acme.Parent, whose class file is not there
        TypePool pool = TypePool.Default.of(new ClassFileLocator.Compound(
                new ClassFileLocator.Simple(Map.of("acme.Child", child)), ClassFileLocator.ForClassLoader.ofBootLoader()));
        assertEquals("acme.Child#run() not found: acme.Parent is missing",
                ReferenceCheck.firstMissing(List.of(Reference.type("acme.Child"), Reference.method("acme.Child", "run")), pool));
    }

    @Test
    void aVerdictIsReachedOncePerLoader() {
        ReferenceCheck check = new ReferenceCheck(List.of(Reference.method("java.lang.String", "nope")));
        assertEquals(null, check.known(LOADER));
        ReferenceCheck.Verdict first = check.check(LOADER);
        assertTrue(first.first());
        assertFalse(first.present());
        assertEquals("java.lang.String#nope() not found", first.reason());
        ReferenceCheck.Verdict second = check.check(LOADER);
        assertFalse(second.first(), "the verdict is kept");
        assertEquals(first.reason(), check.known(LOADER));
        assertTrue(new ReferenceCheck(List.of()).check(null).present());
    }
}
