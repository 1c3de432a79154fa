package acme.jobs;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.concurrent.TimeUnit;

@RestController
public class ReportController {

    private final ReportSender sender;

    public ReportController(ReportSender sender) {
        this.sender = sender;
    }

    /** Sends a report through the {@code @Async} sender and waits for the peer's answer. */
    @GetMapping("/reports/send")
    public String send(@RequestParam String peer, @RequestParam String report) throws Exception {
        return sender.send(peer, report).get(30, TimeUnit.SECONDS);
    }
}
