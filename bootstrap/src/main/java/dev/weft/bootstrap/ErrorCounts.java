package dev.weft.bootstrap;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.ObjLongConsumer;

/**
 * Exception counts by class name, capped so that no input can grow memory without bound.
 *
 * <p>Keyed by name, not by {@code Class}, so a probe never pins an application class loader.
 * {@code Class.getName()} caches its string, so the lookup allocates nothing after the first throw.
 */
public final class ErrorCounts {

    /** The label value that collects exception classes past the cap. */
    public static final String OVERFLOW = "other";

    private static final class Cell {
        final String type;
        final LongAdder count = new LongAdder();

        Cell(String type) {
            this.type = type;
        }
    }

    private final int maxTypes;
    private final Cell overflow = new Cell(OVERFLOW);
    private volatile Cell[] cells = new Cell[0];

    ErrorCounts(int maxTypes) {
        this.maxTypes = maxTypes;
    }

    void record(Throwable thrown) {
        record(thrown.getClass().getName());
    }

    /** Counts one error under {@code type}: an exception's class name, or a label such as {@link AsyncCall#CANCELLED}. */
    void record(String type) {
        for (Cell cell : cells) {
            if (cell.type == type || cell.type.equals(type)) {
                cell.count.increment();
                return;
            }
        }
        add(type).count.increment();
    }

    private synchronized Cell add(String type) {
        Cell[] current = cells;
        for (Cell cell : current) {
            if (cell.type.equals(type)) {
                return cell;
            }
        }
        if (current.length >= maxTypes) {
            return overflow;
        }
        Cell[] grown = new Cell[current.length + 1];
        System.arraycopy(current, 0, grown, 0, current.length);
        Cell cell = new Cell(type);
        grown[current.length] = cell;
        cells = grown;
        return cell;
    }

    /** Visits each exception class name with its count; the overflow cell last, if used. */
    public void forEach(ObjLongConsumer<String> visitor) {
        for (Cell cell : cells) {
            visitor.accept(cell.type, cell.count.sum());
        }
        long overflowed = overflow.count.sum();
        if (overflowed > 0) {
            visitor.accept(OVERFLOW, overflowed);
        }
    }
}
