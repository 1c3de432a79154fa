package acme.edge.optional;

/** Left out of the jar (see the pom): stands for an optional dependency that is not deployed. */
public final class Absent {
}
