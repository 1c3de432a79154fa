package dev.weft.agent.config;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One validated entry of {@code instrument:} or {@code exclude:}.
 *
 * @param name          the {@code selector} label ({@code exclude[i]} for exclusions)
 * @param kind          how classes are matched; {@code null} when only {@code method-annotated} selects (any class)
 * @param typePattern   the class, super type or annotation name pattern, compiled; {@code null} with no kind
 * @param typeText      the pattern as written, for messages; {@code null} with no kind
 * @param methodAnnotationPattern the name pattern of an annotation a method must carry, compiled; {@code null}
 *                      when the selector has no {@code method-annotated}
 * @param methodAnnotationText    that pattern as written; {@code null} without {@code method-annotated}
 * @param methods       method-name patterns; empty means every eligible method
 * @param methodTexts   the method patterns as written, for messages and {@code /selectors}
 * @param record        what to record (empty for exclusions)
 * @param trace         whether each call is also a span
 * @param spanName      the span name, {@code {class}} and {@code {method}} replaced; {@code null} for
 *                      the default {@code SimpleClassName.method}
 * @param line          where the entry starts in the file, for messages
 * @param capture       the metric name, labels and value taken from arguments or the return value;
 *                      {@link Capture#NONE} when the selector only names methods
 * @param async         whether a method that returns work still running (a {@code CompletionStage},
 *                      a Reactor {@code Mono} or {@code Flux}, a Kotlin {@code suspend} function) is
 *                      measured until that work ends; {@code async: false} keeps entry to return
 */
public record Selector(String name, TypeMatchKind kind, Pattern typePattern, String typeText,
                       Pattern methodAnnotationPattern, String methodAnnotationText,
                       List<Pattern> methods, List<String> methodTexts, Set<Recording> record,
                       boolean trace, String spanName, int line, Capture capture,
                       boolean async) {

    /** The YAML key of an annotation the selected methods carry; alone, or beside one of the class keys. */
    public static final String METHOD_ANNOTATED = "method-annotated";

    /** The prefix of this selector's series: {@code weft_method} unless {@code metric:} names another. */
    public String metricName() {
        return capture.metric() == null ? Capture.DEFAULT_METRIC : capture.metric();
    }

    /** True when the selector names one exact class (a faster matcher than a regular expression). */
    public boolean exactType() {
        return isExact(typeText);
    }

    /** True when {@code method-annotated} names one exact annotation. */
    public boolean exactMethodAnnotation() {
        return isExact(methodAnnotationText);
    }

    private static boolean isExact(String pattern) {
        return !pattern.startsWith(NamePatterns.REGEX_PREFIX) && !pattern.contains("*");
    }

    /** The keys that pick classes and methods, as written: {@code class a.B}, {@code method-annotated a.C}, or both. */
    public String matchText() {
        String type = kind == null ? "" : kind.yamlKey() + " " + typeText;
        String annotation = methodAnnotationText == null ? "" : METHOD_ANNOTATED + " " + methodAnnotationText;
        return type.isEmpty() || annotation.isEmpty() ? type + annotation : type + " " + annotation;
    }

    /** The selector as written, minus its name: two selectors with equal definitions weave alike. */
    public String definition() {
        return matchText() + " methods " + methodTexts + " record " + new java.util.TreeSet<>(record)
                + (trace ? " trace" + (spanName == null ? "" : " span-name " + spanName) : "")
                + (capture.equals(Capture.NONE) ? "" : " " + capture) + (async ? "" : " async false");
    }

    // equals and hashCode as a record's, written out: the generated ones are linked through method
    // handles on first use, which costs a JVM tens of milliseconds at start, when weaving first
    // plans a class.

    @Override
    public boolean equals(Object other) {
        return other instanceof Selector that && Objects.equals(name, that.name) && kind == that.kind
                && Objects.equals(typePattern, that.typePattern) && Objects.equals(typeText, that.typeText)
                && Objects.equals(methodAnnotationPattern, that.methodAnnotationPattern)
                && Objects.equals(methodAnnotationText, that.methodAnnotationText)
                && Objects.equals(methods, that.methods) && Objects.equals(methodTexts, that.methodTexts)
                && Objects.equals(record, that.record) && trace == that.trace
                && Objects.equals(spanName, that.spanName) && line == that.line
                && Objects.equals(capture, that.capture) && async == that.async;
    }

    @Override
    public int hashCode() {
        int hash = Objects.hashCode(name);
        hash = 31 * hash + Objects.hashCode(kind);
        hash = 31 * hash + Objects.hashCode(typePattern);
        hash = 31 * hash + Objects.hashCode(typeText);
        hash = 31 * hash + Objects.hashCode(methodAnnotationPattern);
        hash = 31 * hash + Objects.hashCode(methodAnnotationText);
        hash = 31 * hash + Objects.hashCode(methods);
        hash = 31 * hash + Objects.hashCode(methodTexts);
        hash = 31 * hash + Objects.hashCode(record);
        hash = 31 * hash + Boolean.hashCode(trace);
        hash = 31 * hash + Objects.hashCode(spanName);
        hash = 31 * hash + Objects.hashCode(capture);
        hash = 31 * hash + Boolean.hashCode(async);
        return 31 * hash + line;
    }
}
