package acme.edge;

/**
 * A switch over an enum of another class: javac adds a synthetic class (ColorNames$1) holding the
 * switch map. Also a generic interface, for which javac adds a synthetic bridge method.
 */
public final class ColorNames implements Comparable<ColorNames> {

    private final int rank;

    public ColorNames(int rank) {
        this.rank = rank;
    }

    public static String name(Color color) {
        switch (color) {
            case RED:
                return "red";
            case GREEN:
                return "green";
            default:
                return "blue";
        }
    }

    @Override
    public int compareTo(ColorNames other) {
        return Integer.compare(rank, other.rank);
    }
}
