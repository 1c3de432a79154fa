package acme.ledger.api;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Audit lines written to the database by a thread of its own, from a queue of plain text: the
 * request that recorded a line is long gone when it is written, and nothing carries its trace here.
 */
@Component
@Profile("api")
public class AuditTrail {

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final JdbcTemplate jdbc;

    public AuditTrail(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists audit (line text not null)");
        Thread writer = new Thread(this::drain, "audit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    void record(String line) {
        lines.add(line);
    }

    private void drain() {
        try {
            while (true) {
                jdbc.update("insert into audit (line) values (?)", lines.take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
