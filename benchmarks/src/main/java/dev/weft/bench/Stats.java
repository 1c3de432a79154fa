package dev.weft.bench;

import java.util.Arrays;
import java.util.Locale;

/** The few statistics the reports print: median, percentiles, spread, and one number format. */
public final class Stats {

    private Stats() {
    }

    public static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The nearest-rank percentile ({@code p} in 0..100) of values that are already sorted. */
    public static double percentileOfSorted(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    public static double mean(double[] values) {
        return Arrays.stream(values).average().orElse(Double.NaN);
    }

    /** {@code median (min–max)}. */
    public static String spread(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return fmt(median(sorted)) + " (" + fmt(sorted[0]) + "–" + fmt(sorted[sorted.length - 1]) + ")";
    }

    /** Three significant figures at most, no exponent: 0.42, 4.2, 42, 4200. */
    public static String fmt(double value) {
        double magnitude = Math.abs(value);
        String pattern = magnitude >= 10 || value == 0 ? "%.0f" : magnitude >= 1 ? "%.1f" : "%.2f";
        return String.format(Locale.ROOT, pattern, value);
    }

    /** A ratio to two decimals. */
    public static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }
}
