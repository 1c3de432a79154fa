package acme.edge;

public enum Color {
    RED, GREEN, BLUE
}
