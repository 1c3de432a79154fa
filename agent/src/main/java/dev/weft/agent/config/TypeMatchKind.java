package dev.weft.agent.config;

/** How a selector picks classes; the YAML key is the lower-case name. */
public enum TypeMatchKind {
    /** The class name matches a pattern. */
    CLASS,
    /** The class implements an interface or extends a class (transitively) matching the pattern. */
    IMPLEMENTS,
    /** The class carries an annotation whose name matches the pattern. */
    ANNOTATED;

    public String yamlKey() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
