package bench.overhead;

/**
 * The monitored method of the MooBench-style benchmark: it calls itself until the depth is reached
 * and returns, so one operation is {@code depth} monitored calls. Outside {@code dev.weft}, because
 * Weft never weaves its own packages.
 */
public class MonitoredTarget {

    public int recurse(int depth) {
        if (depth <= 1) {
            return 1;
        }
        return recurse(depth - 1) + 1;
    }
}
