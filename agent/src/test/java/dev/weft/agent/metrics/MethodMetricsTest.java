package dev.weft.agent.metrics;

import dev.weft.agent.config.ConfigLoader;
import dev.weft.agent.config.ConfigResult;
import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;
import dev.weft.bootstrap.MethodProbe;
import dev.weft.bootstrap.Probes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MethodMetricsTest {

    private static Selector checkout(String record) {
        ConfigResult result = ConfigLoader.parse("""
                instrument:
                  - name: checkout
                    class: acme.Checkout
                    record: %s
                """.formatted(record), "weft.yaml", "svc");
        assertEquals(List.of(), result.problems());
        return result.config().instrument().get(0);
    }

    private final MethodMetrics methods = new MethodMetrics(List.of(0.001, 0.01));
    private final MethodWindows windows = new MethodWindows(methods, Duration.ofSeconds(30));

    /** What a re-weave does: the probe's record changes, its flags in the class file with it. */
    private MethodMetrics.Entry weave(Selector selector) {
        MethodMetrics.Entry entry = methods.probeFor(selector, "acme.Checkout", "place");
        methods.commit(getClass().getClassLoader(), "acme.Checkout", List.of(new MethodMetrics.WovenMethod(entry, "place()")));
        return entry;
    }

    /** Calls as woven code with these flags makes them. */
    private static void calls(MethodMetrics.Entry entry, int count, int flags) {
        MethodProbe probe = Probes.get(entry.id());
        for (int i = 0; i < count; i++) {
            probe.record(flags, 200_000, null);
        }
    }

    private double callsTotal() {
        MetricSnapshot.Counter calls = (MetricSnapshot.Counter) methods.collect().stream()
                .filter(f -> f.name().equals("weft_method_calls")).findFirst().orElseThrow();
        assertEquals(1, calls.points().size(), calls.toString());
        return calls.points().get(0).value();
    }

    @Test
    void oneCallCounterWhateverIsRecorded() {
        Selector timed = checkout("[timer, count]");
        Selector counted = checkout("[count]");
        int timedFlags = Recording.flags(timed.record());
        int countedFlags = Recording.flags(counted.record());

        MethodMetrics.Entry entry = weave(timed);
        calls(entry, 1000, timedFlags);
        windows.tickNow();
        assertEquals(1000, callsTotal());

        weave(counted); // a reload drops the timer
        calls(entry, 10, countedFlags);
        windows.tickNow();
        assertEquals(1010, callsTotal(), "the calls counted before the reload stay counted");
        assertEquals(1010, entry.calls());

        weave(timed); // and takes it back; calls still running with the old flags finish meanwhile
        calls(entry, 5, countedFlags);
        calls(entry, 20, timedFlags);
        windows.tickNow();
        assertEquals(1035, callsTotal(), "no call counted twice");
        assertEquals(1035, entry.calls());

        MethodWindows.Window window = windows.over(entry, Duration.ofSeconds(30));
        assertEquals(1035, window.calls(), "the window's ticks add up to the counter, none negative");
        MetricSnapshot.Histogram durations = (MetricSnapshot.Histogram) methods.collect().stream()
                .filter(f -> f.name().equals("weft_method_duration_seconds")).findFirst().orElseThrow();
        assertTrue(durations.points().get(0).count() == 1020, "the histogram holds the timed calls only");
    }
}
