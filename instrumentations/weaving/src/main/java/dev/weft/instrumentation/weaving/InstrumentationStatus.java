package dev.weft.instrumentation.weaving;

import java.util.List;
import java.util.Objects;

/**
 * What one built-in instrumentation is doing: whether it is switched on, the classes it wove and
 * the class loaders it skipped, each list bounded to its first {@link #LIMIT} entries with the
 * full count beside it.
 *
 * @param name         the instrumentation's unique name
 * @param group        the config switch it answers to besides its name
 * @param enabled      whether it is installed now
 * @param wovenTypes   the first {@link #LIMIT} classes it changed, in the order it changed them
 * @param wovenCount   how many distinct classes it changed
 * @param skipped      the first {@link #LIMIT} class loaders it left alone because something its
 *                     advice needs is missing there
 * @param skippedCount how many class loaders it left alone
 */
public record InstrumentationStatus(String name, String group, boolean enabled, List<String> wovenTypes,
                                    int wovenCount, List<Skip> skipped, int skippedCount) {

    /** At most this many woven classes and skipped loaders are listed. */
    public static final int LIMIT = 50;

    public InstrumentationStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        wovenTypes = List.copyOf(wovenTypes);
        skipped = List.copyOf(skipped);
    }

    /**
     * A class loader an instrumentation skipped.
     *
     * @param loader the loader, as {@code name (class@identity)}, or {@code bootstrap}
     * @param reason what is missing there, e.g. {@code a.B#m() not found}
     */
    public record Skip(String loader, String reason) {

        public Skip {
            Objects.requireNonNull(loader, "loader");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
