package acme.ledger.api;

import org.apache.kafka.clients.admin.NewTopic;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.KafkaTemplate;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/** Orders stored in the database, then published on the {@code orders} topic for the worker. */
@Configuration
@Profile("api")
public class OrderBook {

    /** A value written into the SQL text itself, as careless code does; it must never leave the service. */
    static final String INTERNAL_NOTE = "LEDGER-SECRET-7731";

    private final JdbcTemplate jdbc;
    private final KafkaTemplate<String, String> kafka;
    private final AuditTrail audit;

    public OrderBook(JdbcTemplate jdbc, KafkaTemplate<String, String> kafka, AuditTrail audit) {
        this.jdbc = jdbc;
        this.kafka = kafka;
        this.audit = audit;
        jdbc.execute("create table if not exists orders (id bigserial primary key, item text not null, "
                + "qty int not null, note text)");
    }

    @Bean
    NewTopic ordersTopic() {
        return TopicBuilder.name("orders").partitions(1).replicas(1).build();
    }

    long place(String item, int qty) throws Exception {
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement(
                    "insert into orders (item, qty, note) values (?, ?, '" + INTERNAL_NOTE + "')",
                    new String[] {"id"});
            insert.setString(1, item);
            insert.setInt(2, qty);
            return insert;
        }, key);
        long id = key.getKey().longValue();
        Long open = jdbc.queryForObject("select count(*) from orders where note = '" + INTERNAL_NOTE + "'", Long.class);
        kafka.send("orders", item, id + ":" + item + ":" + qty).get(10, TimeUnit.SECONDS);
        audit.record("order " + id + " of " + qty + " " + item + ", " + open + " open");
        return id;
    }
}
