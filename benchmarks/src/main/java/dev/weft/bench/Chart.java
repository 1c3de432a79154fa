package dev.weft.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Draws the per-call cost chart with gnuplot (Debian package gnuplot-nox). */
public final class Chart {

    private Chart() {
    }

    /**
     * A bar per row and series (e.g. 1 and 2 threads) on a logarithmic axis.
     *
     * @return a line for the report: where the chart is, or why there is none
     */
    public static String bars(Map<String, double[]> rows, String[] series, String title, String yLabel, Path png)
            throws IOException, InterruptedException {
        Path data = png.resolveSibling(png.getFileName() + ".dat");
        StringBuilder table = new StringBuilder();
        for (Map.Entry<String, double[]> row : rows.entrySet()) {
            table.append('"').append(row.getKey().replace("\"", "'")).append('"');
            for (double value : row.getValue()) {
                // A log axis cannot show zero or less: such a bar is drawn at the axis floor.
                table.append(String.format(Locale.ROOT, " %.3f", Math.max(value, 0.1)));
            }
            table.append('\n');
        }
        Files.writeString(data, table);
        StringBuilder plot = new StringBuilder("""
                set terminal pngcairo size 1200,650 font 'DejaVu Sans,10'
                set output '%s'
                set title '%s'
                set ylabel '%s'
                set logscale y
                set yrange [0.1:*]
                set grid ytics
                set style data histograms
                set style histogram clustered gap 1
                set style fill solid 0.85 border -1
                set boxwidth 0.9
                set xtics rotate by -30 left noenhanced
                set key top left
                set bmargin 12
                set rmargin 12
                """.formatted(png.toAbsolutePath(), title, yLabel));
        plot.append("plot ");
        for (int i = 0; i < series.length; i++) {
            plot.append(i == 0 ? "" : ", ").append("'").append(data.toAbsolutePath()).append("' using ")
                    .append(i + 2).append(i == 0 ? ":xtic(1)" : "").append(" title '").append(series[i]).append("'");
        }
        plot.append('\n');
        Path script = png.resolveSibling(png.getFileName() + ".gp");
        Files.writeString(script, plot);
        try {
            Process gnuplot = new ProcessBuilder("gnuplot", script.toString()).redirectErrorStream(true).start();
            String output = new String(gnuplot.getInputStream().readAllBytes());
            if (!gnuplot.waitFor(60, TimeUnit.SECONDS) || gnuplot.exitValue() != 0) {
                return "(chart not drawn: gnuplot failed: " + output.trim() + ")";
            }
        } catch (IOException e) {
            return "(chart not drawn: gnuplot is not installed; bin/bench installs the Debian package gnuplot-nox)";
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(data);
        }
        return "![" + title + "](" + png.getFileName() + ")";
    }
}
