package acme.edge;

import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;

/** Lambdas: their bodies are synthetic methods of this class, their classes hidden classes of the JVM. */
public final class Lambdas {

    public int sumOfSquares(int n) {
        IntUnaryOperator square = i -> i * i;
        return IntStream.rangeClosed(1, n).map(square).sum();
    }
}
