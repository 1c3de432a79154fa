package dev.weft.agent.config;

/**
 * {@code tracing:}.
 *
 * @param samplerRatio {@code tracing.sampler.ratio}: the share of new traces sampled, 0..1
 */
public record TracingConfig(double samplerRatio) {

    public static final TracingConfig DEFAULT = new TracingConfig(1.0);

    public String canonical() {
        return "sampler " + samplerRatio;
    }
}
