package dev.weft.it;

import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;

/**
 * Runs inside the JVM of a {@link TransparencyIT} suite run, not in the tests' own: the JUnit Platform
 * finds it by {@code ServiceLoader} in a folder that test puts on the suite's class path. When every
 * test of the suite has run, it writes the file named by the system property
 * {@code weft.transparency.finished} (the JVM's feature release, e.g. {@code 17}) and then waits for
 * the JVM's standard input to end, so that the test can scrape Weft's endpoint while the JVM still
 * runs; the console launcher then writes its reports and exits as usual.
 */
public final class SuiteEndHold implements TestExecutionListener {

    static final String FINISHED_PROPERTY = "weft.transparency.finished";

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        String finished = System.getProperty(FINISHED_PROPERTY);
        if (finished == null) {
            return;
        }
        try {
            Path file = Paths.get(finished);
            Path next = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(next, Integer.toString(Runtime.version().feature()));
            Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
            while (System.in.read() >= 0) {
                // held until the test closes this JVM's standard input
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
