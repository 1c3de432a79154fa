package dev.weft.instrumentation.api;

import net.bytebuddy.matcher.ElementMatcher;

import java.util.Map;
import java.util.WeakHashMap;

/** Class loader matchers for {@link BuiltInInstrumentation#classLoaderMatcher()}. */
public final class ClassLoaderMatchers {

    private ClassLoaderMatchers() {
    }

    /**
     * Loaders that can see the class, found by looking for its class file: nothing is loaded. The
     * answer is kept per loader (weakly), so each loader is asked once. The bootstrap loader never
     * matches.
     */
    public static ElementMatcher<ClassLoader> canSee(String className) {
        return new CanSee(className.replace('.', '/') + ".class");
    }

    private static final class CanSee implements ElementMatcher<ClassLoader> {

        private final String resource;
        private final Map<ClassLoader, Boolean> answers = new WeakHashMap<>();

        CanSee(String resource) {
            this.resource = resource;
        }

        @Override
        public boolean matches(ClassLoader loader) {
            if (loader == null) {
                return false;
            }
            Boolean known;
            synchronized (answers) {
                known = answers.get(loader);
            }
            if (known != null) {
                return known;
            }
            // Asked outside the lock: a loader may take its own lock to answer, and another thread
            // may hold that one while it waits for this matcher.
            boolean sees = loader.getResource(resource) != null;
            synchronized (answers) {
                answers.put(loader, sees);
            }
            return sees;
        }

        @Override
        public String toString() {
            return "canSee(" + resource + ")";
        }
    }
}
