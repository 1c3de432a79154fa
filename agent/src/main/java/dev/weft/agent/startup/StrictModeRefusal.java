package dev.weft.agent.startup;

/** Thrown when {@code strict=true} and the config has problems: the service must not start. */
public final class StrictModeRefusal extends RuntimeException {
    public StrictModeRefusal(String message) {
        super(message, null, false, false);
    }
}
