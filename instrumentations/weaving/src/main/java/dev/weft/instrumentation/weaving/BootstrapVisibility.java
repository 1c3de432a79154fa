package dev.weft.instrumentation.weaving;

import dev.weft.bootstrap.Spans;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Whether woven code in a class loader's classes can reach Weft's bootstrap classes. Most loaders
 * ask their parents, and in the end the bootstrap loader, for a class they do not hold; module
 * systems (OSGi, JBoss Modules) delegate only the packages they are told to. Code woven into a
 * class of a loader that cannot see {@code dev.weft.bootstrap} would throw on every call, so such
 * a loader's classes are left as they are. The answer is kept per loader (weakly).
 */
public final class BootstrapVisibility {

    /** The package a module system must delegate to the bootstrap loader. */
    public static final String PACKAGE = Spans.class.getPackageName();

    private static final Map<ClassLoader, Boolean> ANSWERS = new WeakHashMap<>();

    private BootstrapVisibility() {
    }

    /** Whether {@code loader} (the bootstrap loader when {@code null}) resolves Weft's bootstrap classes to Weft's own. */
    public static boolean reaches(ClassLoader loader) {
        if (loader == null) {
            return true;
        }
        Boolean known;
        synchronized (ANSWERS) {
            known = ANSWERS.get(loader);
        }
        if (known != null) {
            return known;
        }
        // Asked outside the lock: a loader may take its own lock to answer. A class is loaded
        // (no class file of it exists anywhere but in the boot loader), never initialised.
        boolean reaches;
        try {
            reaches = Class.forName(Spans.class.getName(), false, loader) == Spans.class;
        } catch (ClassNotFoundException | LinkageError | RuntimeException e) {
            reaches = false;
        }
        synchronized (ANSWERS) {
            ANSWERS.put(loader, reaches);
        }
        return reaches;
    }

    /** Names a loader that does not reach them, and what to set, in one line. */
    public static String refusal(ClassLoader loader) {
        return StatusTracker.describe(loader) + ": " + advice();
    }

    /** What to tell the user about a loader that does not reach them. */
    public static String advice() {
        return "its class loader does not delegate " + PACKAGE + " to the bootstrap class loader (OSGi: add "
                + PACKAGE + ".* to org.osgi.framework.bootdelegation; JBoss Modules: add " + PACKAGE
                + " to jboss.modules.system.pkgs)";
    }
}
