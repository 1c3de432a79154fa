package dev.weft.instrumentation.weaving;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Collects what goes into one {@link InstrumentationStatus}; safe for the weaving threads. */
final class StatusTracker {

    private final String name;
    private final String group;
    private final Set<String> wovenNames = new HashSet<>();
    private final List<String> firstWoven = new ArrayList<>();
    private final Map<String, InstrumentationStatus.Skip> firstSkipped = new LinkedHashMap<>();
    private int skippedCount;

    StatusTracker(String name, String group) {
        this.name = name;
        this.group = group;
    }

    synchronized void woven(String typeName) {
        if (wovenNames.add(typeName) && firstWoven.size() < InstrumentationStatus.LIMIT) {
            firstWoven.add(typeName);
        }
    }

    /** Forgets the woven classes (they were put back as they were); skipped loaders stay skipped. */
    synchronized void clearWoven() {
        wovenNames.clear();
        firstWoven.clear();
    }

    synchronized void skipped(String loader, String reason) {
        if (firstSkipped.containsKey(loader)) {
            return;
        }
        skippedCount++;
        if (firstSkipped.size() < InstrumentationStatus.LIMIT) {
            firstSkipped.put(loader, new InstrumentationStatus.Skip(loader, reason));
        }
    }

    synchronized InstrumentationStatus snapshot(boolean enabled) {
        return new InstrumentationStatus(name, group, enabled, firstWoven, wovenNames.size(),
                new ArrayList<>(firstSkipped.values()), skippedCount);
    }

    /** A class loader as status lines and warnings show it. */
    static String describe(ClassLoader loader) {
        if (loader == null) {
            return "bootstrap";
        }
        String id = loader.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(loader));
        return loader.getName() == null ? id : loader.getName() + " (" + id + ")";
    }
}
