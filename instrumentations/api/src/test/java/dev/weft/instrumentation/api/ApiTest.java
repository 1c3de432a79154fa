package dev.weft.instrumentation.api;

import net.bytebuddy.matcher.ElementMatcher;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every built-in instrumentation builds on: the loader test and the names of references. */
class ApiTest {

    /** A loader that holds nothing of its own and counts how often it is asked for a resource. */
    private static final class CountingLoader extends URLClassLoader {
        final AtomicInteger lookups = new AtomicInteger();

        CountingLoader() {
            super(new URL[0], ApiTest.class.getClassLoader());
        }

        @Override
        public URL getResource(String name) {
            lookups.incrementAndGet();
            return super.getResource(name);
        }
    }

    @Test
    void aLoaderSeesAClassByItsClassFileAndIsAskedOnce() throws Exception {
        ElementMatcher<ClassLoader> seesTheApi = ClassLoaderMatchers.canSee("dev.weft.instrumentation.api.Reference");
        ElementMatcher<ClassLoader> seesNothing = ClassLoaderMatchers.canSee("no.such.Library");
        try (CountingLoader loader = new CountingLoader()) {
            assertTrue(seesTheApi.matches(loader));
            assertTrue(seesTheApi.matches(loader));
            assertFalse(seesNothing.matches(loader));
            assertEquals(2, loader.lookups.get(), "one look per loader and class, then the kept answer");
        }
        assertFalse(seesTheApi.matches(null), "the bootstrap loader holds no library");
    }

    @Test
    void referencesReadAsTheMessagesThatNameThem() {
        assertEquals("jakarta.servlet.ServletRequest", Reference.type("jakarta.servlet.ServletRequest").toString());
        assertEquals("jakarta.servlet.http.HttpServletRequest#getHeaders(java.lang.String)",
                Reference.method("jakarta.servlet.http.HttpServletRequest", "getHeaders", "java.lang.String")
                        .toString());
        assertEquals("a.B#m()", Reference.method("a.B", "m").toString());
    }
}
