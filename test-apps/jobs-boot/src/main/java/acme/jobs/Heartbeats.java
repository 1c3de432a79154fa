package acme.jobs;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Two scheduled jobs that count their own runs, so a caller can compare another count with theirs. */
@Component
public class Heartbeats {

    private final Object lock = new Object();
    private long beats;
    private long sweeps;

    @Scheduled(fixedRate = 100)
    public void beat() {
        synchronized (lock) {
            beats++;
        }
    }

    @Scheduled(initialDelay = 50, fixedDelay = 150)
    public void sweep() {
        synchronized (lock) {
            sweeps++;
        }
    }

    /** {@code beat=N sweep=M}: the runs so far, each whole (a run under way is waited for). */
    public String runs() {
        synchronized (lock) {
            return "beat=" + beats + " sweep=" + sweeps;
        }
    }
}
