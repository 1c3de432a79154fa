package dev.weft.agent.ops;

import dev.weft.agent.config.Recording;
import dev.weft.agent.config.Selector;

import java.util.ArrayList;
import java.util.List;

/**
 * The series the agent serves for one selector, by the names rules and dashboards query them with.
 * The prefix is the selector's {@code metric:} ({@code weft_method} by default).
 */
record SelectorSeries(Selector selector) {

    String name() {
        return selector.name();
    }

    String prefix() {
        return selector.metricName();
    }

    boolean timed() {
        return selector.record().contains(Recording.TIMER);
    }

    boolean counted() {
        return selector.record().contains(Recording.COUNT);
    }

    /** Errors are only meaningful against a total, from the histogram or the call counter. */
    boolean errorsAndTotal() {
        return selector.record().contains(Recording.ERRORS) && (timed() || counted());
    }

    boolean inflight() {
        return selector.record().contains(Recording.INFLIGHT);
    }

    boolean summedValue() {
        return selector.capture().value() != null;
    }

    String bucket() {
        return prefix() + "_duration_seconds_bucket";
    }

    /** Every call: the histogram's count when timed, else the call counter. */
    String calls() {
        return timed() ? prefix() + "_duration_seconds_count" : prefix() + "_calls_total";
    }

    String errors() {
        return prefix() + "_errors_total";
    }

    String inflightGauge() {
        return prefix() + "_inflight";
    }

    /** The counter a selector's {@code value:} is summed into. */
    String valueTotal() {
        return prefix() + "_total";
    }

    /** {@code {selector="name"}}, with extra matchers (already written) after it. */
    String matchers(String... more) {
        List<String> all = new ArrayList<>();
        for (String matcher : more) {
            if (!matcher.isEmpty()) {
                all.add(matcher);
            }
        }
        all.add(0, PromQl.equal("selector", name()));
        return "{" + String.join(",", all) + "}";
    }

    /** Label names captured from arguments, in the order written. */
    List<String> capturedLabels() {
        return List.copyOf(selector.capture().labels().keySet());
    }
}
