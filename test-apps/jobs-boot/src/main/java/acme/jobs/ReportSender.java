package acme.jobs;

import org.springframework.scheduling.annotation.Async;
import org.springframework.stereotype.Service;
import org.springframework.web.client.RestClient;

import java.util.concurrent.CompletableFuture;

/** Sends a report to a peer, on the executor Spring gives {@code @Async} methods. */
@Service
public class ReportSender {

    private final RestClient peers;

    public ReportSender(RestClient peers) {
        this.peers = peers;
    }

    /** The peer's answer, and the thread that asked for it (a virtual thread names itself so). */
    @Async
    public CompletableFuture<String> send(String peerUrl, String report) {
        String answer = peers.post().uri(peerUrl).body(report).retrieve().body(String.class);
        return CompletableFuture.completedFuture(answer + " from " + Thread.currentThread());
    }
}
