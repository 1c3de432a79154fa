package acme.edge;

/** An enum whose constants have bodies of their own (each one an anonymous subclass). */
public enum Shape {
    SQUARE {
        @Override
        public double area(double side) {
            return side * side;
        }
    },
    CIRCLE {
        @Override
        public double area(double radius) {
            return Math.PI * radius * radius;
        }
    };

    public abstract double area(double size);
}
