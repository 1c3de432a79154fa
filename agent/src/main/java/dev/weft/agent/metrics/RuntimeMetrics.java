package dev.weft.agent.metrics;

import dev.weft.agent.support.JdkModules;
import dev.weft.agent.support.WeftLog;

import java.lang.management.ClassLoadingMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM's own numbers, read from its management beans at scrape time, under the names users
 * already scrape: memory by pool, GC count and time, threads by state, CPU, classes, uptime and file
 * descriptors. Costs nothing between scrapes. A runtime without the management modules (a
 * {@code jlink}'d image made without them) serves none of them, and Weft says once what to add.
 */
public final class RuntimeMetrics implements MetricSource {

    private static final List<String> MODULES = List.of("java.management", "jdk.management");
    private static final List<String> AREA_POOL = List.of("area", "pool");
    private static final List<String> GC = List.of("gc");

    private final JdkModules modules;
    /** Whether the management modules are reachable; {@code null} until the first scrape asks. */
    private volatile Boolean available;

    public RuntimeMetrics(JdkModules modules) {
        this.modules = modules;
    }

    @Override
    public List<MetricSnapshot> collect() {
        Boolean reachable = available;
        if (reachable == null) {
            String missing = modules.unavailable(MODULES);
            if (missing != null) {
                WeftLog.warnOnce("runtime:modules", "runtime metrics (jvm_*, process_*) not served: " + missing
                        + ". The other metrics are.");
            }
            available = reachable = missing == null;
        }
        if (!reachable) {
            return List.of();
        }
        List<MetricSnapshot> families = new ArrayList<>();
        memory(families);
        gc(families);
        threads(families);
        cpuAndProcess(families);
        return families;
    }

    private static void memory(List<MetricSnapshot> families) {
        List<MetricSnapshot.Point> used = new ArrayList<>();
        List<MetricSnapshot.Point> committed = new ArrayList<>();
        List<MetricSnapshot.Point> max = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            MemoryUsage usage = pool.getUsage();
            if (usage == null) {
                continue; // a pool that is no longer valid
            }
            MetricSnapshot.Labels labels = new MetricSnapshot.Labels(AREA_POOL,
                    List.of(pool.getType() == MemoryType.HEAP ? "heap" : "nonheap", pool.getName()));
            used.add(new MetricSnapshot.Point(labels, usage.getUsed()));
            committed.add(new MetricSnapshot.Point(labels, usage.getCommitted()));
            if (usage.getMax() >= 0) {
                max.add(new MetricSnapshot.Point(labels, usage.getMax()));
            }
        }
        families.add(new MetricSnapshot.Gauge("jvm_memory_used_bytes", "Memory in use, by area and pool.", used));
        families.add(new MetricSnapshot.Gauge("jvm_memory_committed_bytes",
                "Memory the JVM has from the OS, by area and pool.", committed));
        families.add(new MetricSnapshot.Gauge("jvm_memory_max_bytes", "Memory a pool may grow to, where bounded.", max));
    }

    private static void gc(List<MetricSnapshot> families) {
        List<MetricSnapshot.Point> count = new ArrayList<>();
        List<MetricSnapshot.Point> seconds = new ArrayList<>();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            MetricSnapshot.Labels labels = new MetricSnapshot.Labels(GC, List.of(collector.getName()));
            count.add(new MetricSnapshot.Point(labels, Math.max(0, collector.getCollectionCount())));
            seconds.add(new MetricSnapshot.Point(labels, Math.max(0, collector.getCollectionTime()) / 1e3));
        }
        families.add(new MetricSnapshot.Counter("jvm_gc_collections", "Garbage collections, by collector.", count));
        families.add(new MetricSnapshot.Counter("jvm_gc_collection_seconds",
                "Time spent in garbage collection, by collector.", seconds));
    }

    private static void threads(List<MetricSnapshot> families) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        families.add(gauge("jvm_threads_live", "Live threads.", threads.getThreadCount()));
        families.add(gauge("jvm_threads_daemon", "Live daemon threads.", threads.getDaemonThreadCount()));
        families.add(gauge("jvm_threads_peak", "Most live threads since the JVM started.", threads.getPeakThreadCount()));
        Map<Thread.State, Integer> byState = new EnumMap<>(Thread.State.class);
        for (Thread.State state : Thread.State.values()) {
            byState.put(state, 0);
        }
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0)) {
            if (info != null) {
                byState.merge(info.getThreadState(), 1, Integer::sum);
            }
        }
        List<MetricSnapshot.Point> states = new ArrayList<>();
        byState.forEach((state, n) -> states.add(new MetricSnapshot.Point(
                new MetricSnapshot.Labels(List.of("state"), List.of(state.name().toLowerCase(java.util.Locale.ROOT))), n)));
        families.add(new MetricSnapshot.Gauge("jvm_threads_state", "Live threads, by state.", states));
    }

    private static void cpuAndProcess(List<MetricSnapshot> families) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        families.add(gauge("jvm_available_processors", "Processors available to the JVM.", os.getAvailableProcessors()));
        if (os.getSystemLoadAverage() >= 0) {
            families.add(gauge("system_load_average_1m", "System load average over the last minute.",
                    os.getSystemLoadAverage()));
        }
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            families.add(new MetricSnapshot.Counter("process_cpu_seconds", "CPU time the process has used.",
                    List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, sun.getProcessCpuTime() / 1e9))));
            families.add(gauge("process_cpu_usage", "Recent CPU use of the process, 0..1 of all processors.",
                    Math.max(0, sun.getProcessCpuLoad())));
            families.add(gauge("system_cpu_usage", "Recent CPU use of the whole system, 0..1.", Math.max(0, sun.getCpuLoad())));
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            families.add(gauge("process_open_fds", "Open file descriptors.", unix.getOpenFileDescriptorCount()));
            families.add(gauge("process_max_fds", "The limit on open file descriptors.", unix.getMaxFileDescriptorCount()));
        }
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        families.add(gauge("jvm_classes_currently_loaded", "Classes loaded now.", classes.getLoadedClassCount()));
        families.add(new MetricSnapshot.Counter("jvm_classes_loaded", "Classes loaded since the JVM started.",
                List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, classes.getTotalLoadedClassCount()))));
        families.add(new MetricSnapshot.Counter("jvm_classes_unloaded", "Classes unloaded since the JVM started.",
                List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, classes.getUnloadedClassCount()))));
        RuntimeMXBean runtime = ManagementFactory.getRuntimeMXBean();
        families.add(gauge("process_uptime_seconds", "Time since the JVM started.", runtime.getUptime() / 1e3));
        families.add(gauge("process_start_time_seconds", "When the JVM started, in seconds since the epoch.",
                runtime.getStartTime() / 1e3));
    }

    private static MetricSnapshot.Gauge gauge(String name, String help, double value) {
        return new MetricSnapshot.Gauge(name, help, List.of(new MetricSnapshot.Point(MetricSnapshot.Labels.EMPTY, value)));
    }
}
