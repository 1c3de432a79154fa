package acme.ledger.stock;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Stock levels in the database; every item starts with 100. */
@Component
@Profile("stock")
public class StockBook {

    private static final int INITIAL = 100;

    private final JdbcTemplate jdbc;

    public StockBook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        jdbc.execute("create table if not exists stock (item varchar(64) primary key, qty int not null)");
    }

    /** Takes {@code qty} of {@code item}; answers what is left. */
    @Transactional
    public int reserve(String item, int qty) {
        jdbc.update("merge into stock (item, qty) key (item) select ?, ? from dual "
                + "where not exists (select 1 from stock where item = ?)", item, INITIAL, item);
        jdbc.update("update stock set qty = qty - ? where item = ?", qty, item);
        return jdbc.queryForObject("select qty from stock where item = ?", Integer.class, item);
    }
}
