package acme.orders;

public record Order(long id, String item, int qty) {
}
