package dev.weft.bootstrap;

/** The agent's side of capturing: turns a finished call's arguments and return value into labeled series. */
public interface CaptureHandler {

    /**
     * @param nanos    the call's duration, 0 when its selector does not time
     * @param thrown   what the call threw, or {@code null}
     * @param args     the call's arguments as they were on entry
     * @param returned the return value, boxed; {@code null} for void or when the call threw
     */
    void record(int probeId, long nanos, Throwable thrown, Object[] args, Object returned);
}
