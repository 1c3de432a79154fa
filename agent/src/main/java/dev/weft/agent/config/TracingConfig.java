package dev.weft.agent.config;

import java.util.List;

/**
 * {@code tracing:}.
 *
 * @param samplerRatio  {@code tracing.sampler.ratio}: the share of new traces sampled, 0..1
 * @param excludeRoutes {@code tracing.exclude-routes}: requests whose path matches one of these get
 *                      no span (their metrics stay), e.g. health checks
 */
public record TracingConfig(double samplerRatio, List<RouteGlob> excludeRoutes) {

    public static final TracingConfig DEFAULT = new TracingConfig(1.0, List.of());

    public TracingConfig {
        excludeRoutes = List.copyOf(excludeRoutes);
    }

    /** Whether a request to {@code path} (or matched to {@code route}) is left out of traces. */
    public boolean excluded(String path, String route) {
        for (RouteGlob glob : excludeRoutes) {
            if (glob.matches(path) || glob.matches(route)) {
                return true;
            }
        }
        return false;
    }

    public String canonical() {
        return "sampler " + samplerRatio + " exclude-routes " + excludeRoutes;
    }
}
