package dev.weft.instrumentation.weaving;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.dynamic.ClassFileLocator;

import java.io.IOException;
import java.util.Set;

/**
 * Serves an instrumentation's advice class files, and Byte Buddy's own (the advice annotations),
 * from the class loader the instrumentation came from, and nothing else: every other type the
 * advice names, the library's above all, is then resolved from the instrumented class's loader.
 * Class files are read, never loaded.
 */
final class AdviceLocator implements ClassFileLocator {

    /** {@code net.bytebuddy.}, or where the agent jar relocated it. */
    private static final String BYTE_BUDDY = Advice.class.getName().substring(0,
            Advice.class.getName().length() - "asm.Advice".length());

    private final ClassFileLocator classes;
    private final Set<String> adviceClasses;

    AdviceLocator(ClassLoader loader, Set<String> adviceClasses) {
        this.classes = ClassFileLocator.ForClassLoader.of(loader);
        this.adviceClasses = Set.copyOf(adviceClasses);
    }

    @Override
    public Resolution locate(String name) throws IOException {
        if (adviceClasses.contains(name) || name.startsWith(BYTE_BUDDY)) {
            return classes.locate(name);
        }
        return new Resolution.Illegal(name);
    }

    @Override
    public void close() {
        // Closing the underlying locator would close the agent's class loader.
    }
}
