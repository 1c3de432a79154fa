package acme.orders;

/** Shared checks for repositories; abstract, so never woven by an {@code implements} selector. */
public abstract class AbstractRepository implements OrderRepository {
    protected void checkId(long id) {
        if (id <= 0) {
            throw new IllegalArgumentException("ids are positive: " + id);
        }
    }
}
