package dev.weft.agent.weave;

/**
 * What a change of rules cost the running application.
 *
 * @param classes           loaded classes retransformed
 * @param batches           retransformation calls they were split into
 * @param longestBatchNanos the longest single call: the longest the application could have
 *                          been held up at once
 * @param totalNanos        all batches together
 * @param failed            classes the JVM refused to retransform (left as they were)
 */
public record RetransformReport(int classes, int batches, long longestBatchNanos, long totalNanos, int failed) {

    public static final RetransformReport NONE = new RetransformReport(0, 0, 0, 0, 0);

    /** E.g. {@code "12 loaded class(es) retransformed in 1 batch(es) taking 3.1 ms, longest 3.1 ms"}. */
    public String describe() {
        return classes + " loaded class(es) retransformed in " + batches + " batch(es) taking "
                + String.format(java.util.Locale.ROOT, "%.1f", totalNanos / 1e6) + " ms, longest "
                + String.format(java.util.Locale.ROOT, "%.1f", longestBatchNanos / 1e6) + " ms"
                + (failed == 0 ? "" : ", " + failed + " refused by the JVM and left as they were");
    }
}
