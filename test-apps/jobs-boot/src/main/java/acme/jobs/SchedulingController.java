package acme.jobs;

import org.springframework.scheduling.config.ScheduledTask;
import org.springframework.scheduling.config.ScheduledTaskHolder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

@RestController
public class SchedulingController {

    private final Heartbeats heartbeats;
    private final List<ScheduledTaskHolder> schedules;

    public SchedulingController(Heartbeats heartbeats, List<ScheduledTaskHolder> schedules) {
        this.heartbeats = heartbeats;
        this.schedules = schedules;
    }

    @GetMapping("/scheduling/runs")
    public String runs() {
        return heartbeats.runs();
    }

    /** Cancels every scheduled job (a run under way finishes), so the counts stop where they are. */
    @PostMapping("/scheduling/stop")
    public String stop() {
        for (ScheduledTaskHolder holder : schedules) {
            for (ScheduledTask task : holder.getScheduledTasks()) {
                task.cancel(false);
            }
        }
        return heartbeats.runs();
    }
}
