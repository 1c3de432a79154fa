package dev.weft.instrumentation.weaving;

import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstrumentationStatusTest {

    @Test
    void wovenClassesAreListedUpToTheLimitAndAllCounted() {
        StatusTracker tracker = new StatusTracker("servlet-jakarta", "servlet");
        for (int i = 0; i < 120; i++) {
            tracker.woven("acme.Servlet" + i);
        }
        tracker.woven("acme.Servlet0"); // retransformed: still one class

        InstrumentationStatus status = tracker.snapshot(true);
        assertEquals("servlet-jakarta", status.name());
        assertEquals("servlet", status.group());
        assertTrue(status.enabled());
        assertEquals(InstrumentationStatus.LIMIT, status.wovenTypes().size());
        assertEquals("acme.Servlet0", status.wovenTypes().get(0));
        assertEquals("acme.Servlet49", status.wovenTypes().get(49));
        assertEquals(120, status.wovenCount());
    }

    @Test
    void skippedLoadersAreListedOnceEachUpToTheLimit() {
        StatusTracker tracker = new StatusTracker("servlet-javax", "servlet");
        tracker.skipped("webapp-1", "javax.servlet.http.HttpServletResponse#getStatus() not found");
        tracker.skipped("webapp-1", "said again");
        for (int i = 2; i <= 60; i++) {
            tracker.skipped("webapp-" + i, "x not found");
        }
        InstrumentationStatus status = tracker.snapshot(true);
        assertEquals(59 + 1, status.skippedCount());
        assertEquals(InstrumentationStatus.LIMIT, status.skipped().size());
        assertEquals(new InstrumentationStatus.Skip("webapp-1",
                "javax.servlet.http.HttpServletResponse#getStatus() not found"), status.skipped().get(0));
    }

    @Test
    void clearingWovenClassesKeepsTheSkippedLoaders() {
        StatusTracker tracker = new StatusTracker("a", "a");
        tracker.woven("x.Y");
        tracker.skipped("old", "z not found");
        tracker.clearWoven();
        InstrumentationStatus status = tracker.snapshot(false);
        assertFalse(status.enabled());
        assertEquals(List.of(), status.wovenTypes());
        assertEquals(0, status.wovenCount());
        assertEquals(1, status.skippedCount());
    }

    @Test
    void aSnapshotIsImmutableAndDoesNotFollowTheTracker() {
        StatusTracker tracker = new StatusTracker("a", "a");
        tracker.woven("x.Y");
        InstrumentationStatus status = tracker.snapshot(true);
        tracker.woven("x.Z");
        assertEquals(List.of("x.Y"), status.wovenTypes());
        assertThrows(UnsupportedOperationException.class, () -> status.wovenTypes().add("q"));

        List<String> names = new ArrayList<>(List.of("x.Y"));
        InstrumentationStatus copied = new InstrumentationStatus("a", "a", true, names, 1, List.of(), 0);
        names.add("x.Z");
        assertEquals(List.of("x.Y"), copied.wovenTypes());
    }

    @Test
    void loadersAreDescribedByNameClassAndIdentity() throws Exception {
        assertEquals("bootstrap", StatusTracker.describe(null));
        try (URLClassLoader named = new URLClassLoader("webapp", new URL[0], null);
             URLClassLoader unnamed = new URLClassLoader(new URL[0], null)) {
            assertTrue(StatusTracker.describe(named).matches("webapp \\(java\\.net\\.URLClassLoader@[0-9a-f]+\\)"),
                    StatusTracker.describe(named));
            assertTrue(StatusTracker.describe(unnamed).matches("java\\.net\\.URLClassLoader@[0-9a-f]+"));
        }
    }
}
