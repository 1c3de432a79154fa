package dev.weft.agent.export;

import java.time.Instant;

/** How the latest export to an OTLP endpoint went, for {@code /health}. */
public final class ExportStatus {

    /** @param ok {@code null} before the first export */
    public record Outcome(Boolean ok, Instant at, String failure) {
    }

    private volatile Outcome latest = new Outcome(null, null, null);

    void succeeded() {
        latest = new Outcome(true, Instant.now(), null);
    }

    void failed(String why) {
        latest = new Outcome(false, Instant.now(), why);
    }

    public Outcome latest() {
        return latest;
    }
}
