package dev.weft.agent.http.view;

import dev.weft.agent.config.WeftConfig;
import dev.weft.agent.metrics.Distribution;
import dev.weft.agent.metrics.Durations;
import dev.weft.agent.metrics.MethodStats;
import dev.weft.agent.metrics.MethodWindows;
import dev.weft.agent.metrics.SloEvaluator;
import dev.weft.agent.export.RecentSpans;
import dev.weft.agent.trace.ContinuityReport;

import java.util.List;
import java.util.Locale;

/**
 * {@code GET /}: one page a person can read. Health, every selected method's rate, errors,
 * quantiles and in-flight calls over the window, a latency histogram per method, the SLOs, and
 * when tracing is on the recent slow and failed spans, and where traces break (the trace
 * continuity report, its broken exits first, named by the methods that made the calls). Rendered on the server as plain HTML with
 * inline CSS and SVG: no script, no external asset, so it works offline and behind any proxy.
 *
 * @param recent     the recent spans when tracing is on, else {@code null}
 * @param continuity the trace continuity report
 */
public record StatusPage(WeftConfig config, String version, Health health, List<MethodStats> methods,
                         List<SloEvaluator.State> slos, RecentSpans recent, ContinuityView continuity) {

    private static final java.time.format.DateTimeFormatter ENDED = java.time.format.DateTimeFormatter
            .ofPattern("HH:mm:ss.SSS").withZone(java.time.ZoneOffset.UTC);

    /** The page, HTML. */
    public String html() {
        String status = health.status();
        StringBuilder html = new StringBuilder(8192);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta http-equiv=\"refresh\" content=\"10\">")
                .append("<title>Weft · ").append(escape(config.serviceName())).append("</title>")
                .append("<style>").append(CSS).append("</style></head><body>\n");
        html.append("<header><h1>").append(escape(config.serviceName())).append("</h1>")
                .append("<span id=\"health\" class=\"badge ").append(status).append("\">").append(status).append("</span>")
                .append("<p class=\"meta\">Weft ").append(escape(version)).append(" · Java ")
                .append(escape(System.getProperty("java.version"))).append(" · config ")
                .append(escape(String.valueOf(config.source()))).append(" · figures over the last ")
                .append(Durations.text(config.metrics().window())).append(" · refreshes every 10 s · ")
                .append("<a href=\"/metrics\">/metrics</a> <a href=\"/metrics/json\">/metrics/json</a> ")
                .append("<a href=\"/slos\">/slos</a> <a href=\"/selectors\">/selectors</a> <a href=\"/health\">/health</a> ")
                .append("<a href=\"/traces/continuity\">/traces/continuity</a>")
                .append("</p></header>\n");
        for (Health.Check check : health.checks()) {
            if (!check.status().equals(Health.HEALTHY)) {
                html.append("<p class=\"check ").append(check.status()).append("\">").append(escape(check.name()))
                        .append(": ").append(escape(check.detail())).append("</p>\n");
            }
        }
        methods(html, methods);
        slos(html, slos);
        continuity(html, continuity);
        if (recent != null) {
            spans(html, "slow", "Slowest spans (last 15 minutes)", recent.slowest());
            spans(html, "failed", "Recent failed spans", recent.failed());
        }
        histograms(html, methods);
        return html.append("</body></html>\n").toString();
    }

    private static void methods(StringBuilder html, List<MethodStats> methods) {
        html.append("<section><h2>Methods</h2>");
        if (methods.isEmpty()) {
            html.append("<p class=\"empty\">No method is woven: check the selectors in the config, and "
                    + "<a href=\"/selectors\">/selectors</a>.</p></section>\n");
            return;
        }
        html.append("<table id=\"methods\"><thead><tr><th>selector</th><th>method</th><th>calls/s</th>")
                .append("<th>error rate</th><th>p50</th><th>p95</th><th>p99</th><th>in flight</th><th>calls</th>")
                .append("</tr></thead><tbody>");
        for (MethodStats method : methods) {
            MethodWindows.Window window = method.window();
            Distribution durations = window.durations();
            double errorRatio = window.errorRatio();
            html.append("<tr data-selector=\"").append(escape(method.selector())).append("\"><td>")
                    .append(escape(method.selector())).append("</td><td class=\"name\">")
                    .append(escape(simpleName(method.className()))).append('.').append(escape(method.method()))
                    .append("</td><td>").append(number(window.rate()))
                    .append("</td><td class=\"").append(errorRatio > 0 ? "bad" : "").append("\">")
                    .append(Double.isNaN(errorRatio) ? "–" : percent(errorRatio))
                    .append("</td><td>").append(method.timed() ? seconds(durations.quantile(0.5)) : "–")
                    .append("</td><td>").append(method.timed() ? seconds(durations.quantile(0.95)) : "–")
                    .append("</td><td>").append(method.timed() ? seconds(durations.quantile(0.99)) : "–")
                    .append("</td><td>").append(method.inflight())
                    .append("</td><td>").append(method.calls()).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private static void slos(StringBuilder html, List<SloEvaluator.State> slos) {
        if (slos.isEmpty()) {
            return;
        }
        html.append("<section><h2>SLOs</h2><table id=\"slos\"><thead><tr><th>SLO</th><th>selector</th>")
                .append("<th>objective</th><th>target</th><th>now</th><th>window</th><th>calls</th><th>state</th>")
                .append("</tr></thead><tbody>");
        for (SloEvaluator.State state : slos) {
            for (SloEvaluator.Objective objective : state.objectives()) {
                boolean latency = objective.kind().equals(SloEvaluator.LATENCY);
                String target = latency ? "p" + trim(state.slo().latencyPercentile()) + " ≤ " + seconds(objective.target())
                        : "≥ " + percent(objective.target()) + " succeed";
                String now = Double.isNaN(objective.value()) ? "no calls"
                        : latency ? seconds(objective.value()) : percent(objective.value());
                html.append("<tr data-slo=\"").append(escape(state.slo().name())).append("\"><td>")
                        .append(escape(state.slo().name())).append("</td><td>").append(escape(state.slo().selector()))
                        .append("</td><td>").append(objective.kind()).append("</td><td>").append(target)
                        .append("</td><td>").append(now).append("</td><td>").append(Durations.text(state.slo().window()))
                        .append("</td><td>").append(state.calls()).append("</td><td><span class=\"badge ")
                        .append(objective.met() ? "healthy\">met" : "down\">violated").append("</span></td></tr>");
            }
        }
        html.append("</tbody></table></section>\n");
    }

    /** Where traces break: one line per broken exit and per entry some callers reach untraced, then both tables. */
    private static void continuity(StringBuilder html, ContinuityView view) {
        ContinuityReport report = view.report();
        html.append("<section><h2>Trace continuity</h2>");
        if (!view.tracing()) {
            html.append("<p class=\"empty\" id=\"continuity-off\">").append(escape(ContinuityView.TRACING_OFF))
                    .append(report.entries().isEmpty() && report.exits().isEmpty() ? "" : "; the counts below are from "
                            + "while it was on").append(".</p>");
        }
        if (report.entries().isEmpty() && report.exits().isEmpty()) {
            if (view.tracing()) {
                html.append("<p class=\"empty\" id=\"continuity\">No request has arrived and no call has left yet.</p>");
            }
            html.append("</section>\n");
            return;
        }
        for (ContinuityReport.ExitRow exit : report.exits()) {
            if (exit.verdict().equals(ContinuityReport.BROKEN)) {
                html.append("<p class=\"check down\" data-broken-exit=\"").append(escape(exit.target())).append("\">")
                        .append(exit.untraced()).append(" of ").append(exit.calls()).append(' ').append(exit.kind())
                        .append(" calls to <b>").append(escape(exit.target())).append("</b> left with no trace, made by ")
                        .append(callers(exit)).append("</p>\n");
            }
        }
        for (ContinuityReport.EntryRow entry : report.entries()) {
            if (entry.verdict().equals(ContinuityReport.PARTIAL)) {
                html.append("<p class=\"check degraded\" data-partial-entry=\"").append(escape(entry.name())).append("\">")
                        .append(entry.started()).append(" of ").append(entry.continued() + entry.started()).append(' ')
                        .append(entry.kind()).append(" requests to <b>").append(escape(entry.name()))
                        .append("</b> began a new trace while the others continued their caller's: a caller does not ")
                        .append("pass its trace on</p>\n");
            }
        }
        html.append("<table id=\"continuity-entries\"><thead><tr><th>entry</th><th>name</th><th>continued</th>")
                .append("<th>new trace</th><th>verdict</th></tr></thead><tbody>");
        for (ContinuityReport.EntryRow entry : report.entries()) {
            html.append("<tr data-entry=\"").append(escape(entry.name())).append("\"><td>").append(entry.kind())
                    .append("</td><td class=\"name\">").append(escape(entry.name())).append("</td><td>")
                    .append(entry.continued()).append("</td><td>").append(entry.started()).append("</td><td>")
                    .append(verdict(entry.verdict())).append("</td></tr>");
        }
        html.append("</tbody></table>\n<table id=\"continuity-exits\"><thead><tr><th>exit</th><th>target</th>")
                .append("<th>calls</th><th>untraced</th><th>called untraced by</th><th>verdict</th></tr></thead><tbody>");
        for (ContinuityReport.ExitRow exit : report.exits()) {
            html.append("<tr data-exit=\"").append(escape(exit.target())).append("\"><td>").append(exit.kind())
                    .append("</td><td class=\"name\">").append(escape(exit.target())).append("</td><td>")
                    .append(exit.calls()).append("</td><td class=\"").append(exit.untraced() > 0 ? "bad" : "")
                    .append("\">").append(exit.untraced()).append("</td><td class=\"name\">").append(callers(exit))
                    .append("</td><td>").append(verdict(exit.verdict())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    private static String callers(ContinuityReport.ExitRow exit) {
        StringBuilder names = new StringBuilder();
        for (ContinuityReport.Caller caller : exit.callers()) {
            names.append(names.isEmpty() ? "" : ", ").append("<code class=\"caller\">").append(escape(caller.method()))
                    .append("</code> (").append(caller.untraced()).append(')');
        }
        return names.toString();
    }

    private static String verdict(String verdict) {
        String style = switch (verdict) {
            case ContinuityReport.OK -> "healthy";
            case ContinuityReport.BROKEN -> "down";
            case ContinuityReport.PARTIAL -> "degraded";
            default -> "neutral";
        };
        return "<span class=\"badge " + style + "\">" + verdict + "</span>";
    }

    private static void spans(StringBuilder html, String id, String title, List<RecentSpans.Summary> spans) {
        html.append("<section><h2>").append(title).append("</h2>");
        if (spans.isEmpty()) {
            html.append("<p class=\"empty\" id=\"").append(id).append("\">none</p></section>\n");
            return;
        }
        html.append("<table id=\"").append(id).append("\"><thead><tr><th>span</th><th>duration</th><th>ended (UTC)</th>")
                .append("<th>trace id</th><th>error</th></tr></thead><tbody>");
        for (RecentSpans.Summary span : spans) {
            html.append("<tr><td class=\"name\">").append(escape(span.name())).append("</td><td>")
                    .append(seconds(span.durationNanos() / 1e9)).append("</td><td>").append(ENDED.format(span.end()))
                    .append("</td><td class=\"mono\">").append(span.traceId()).append("</td><td class=\"bad\">")
                    .append(span.error() == null ? "" : escape(span.error())).append("</td></tr>");
        }
        html.append("</tbody></table></section>\n");
    }

    /** A bar per histogram bucket, as inline SVG, for each timed method with calls in the window. */
    private static void histograms(StringBuilder html, List<MethodStats> methods) {
        StringBuilder figures = new StringBuilder();
        for (MethodStats method : methods) {
            Distribution durations = method.window().durations();
            if (!method.timed() || durations.count() == 0) {
                continue;
            }
            long[] buckets = durations.layout().bucketCounts(durations.slotCounts());
            long[] bounds = durations.layout().bucketBounds();
            long highest = 1;
            for (long count : buckets) {
                highest = Math.max(highest, count);
            }
            int barWidth = 22;
            int width = buckets.length * barWidth;
            figures.append("<figure class=\"histogram\"><figcaption>").append(escape(simpleName(method.className())))
                    .append('.').append(escape(method.method())).append("</figcaption><svg role=\"img\" width=\"")
                    .append(width).append("\" height=\"90\" viewBox=\"0 0 ").append(width).append(" 90\">");
            for (int i = 0; i < buckets.length; i++) {
                int height = buckets[i] == 0 ? 0 : (int) Math.max(2, Math.round(70.0 * buckets[i] / highest));
                String label = i < bounds.length ? "≤ " + seconds(bounds[i] / 1e9) : "> " + seconds(bounds[bounds.length - 1] / 1e9);
                figures.append("<rect x=\"").append(i * barWidth + 2).append("\" y=\"").append(72 - height)
                        .append("\" width=\"").append(barWidth - 4).append("\" height=\"").append(height)
                        .append("\"><title>").append(label).append(": ").append(buckets[i]).append(" calls</title></rect>");
            }
            figures.append("<text x=\"0\" y=\"86\">").append(seconds(bounds.length == 0 ? 0 : bounds[0] / 1e9))
                    .append("</text><text x=\"").append(width).append("\" y=\"86\" text-anchor=\"end\">")
                    .append(bounds.length == 0 ? "" : seconds(bounds[bounds.length - 1] / 1e9)).append("+</text></svg></figure>");
        }
        if (!figures.isEmpty()) {
            html.append("<section><h2>Latency histograms</h2><div class=\"histograms\">").append(figures)
                    .append("</div></section>\n");
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    static String seconds(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (seconds < 1e-6) {
            return String.format(Locale.ROOT, "%.0f ns", seconds * 1e9);
        }
        if (seconds < 1e-3) {
            return String.format(Locale.ROOT, "%.1f µs", seconds * 1e6);
        }
        if (seconds < 1) {
            return String.format(Locale.ROOT, "%.1f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.2f s", seconds);
    }

    private static String percent(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, value >= 100 ? "%.0f" : "%.1f", value);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static final String CSS = """
            body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 2em;color:#1d2330;background:#fafbfc}
            header{display:flex;flex-wrap:wrap;align-items:baseline;gap:.8em;border-bottom:1px solid #dde1e7}
            h1{font-size:1.5em;margin:.6em 0}h2{font-size:1.1em;margin:1.4em 0 .5em}
            .meta{flex-basis:100%;margin:0 0 .8em;color:#5b6473}a{color:#2a5bd7}
            table{border-collapse:collapse;background:#fff;box-shadow:0 1px 2px #0001}
            th,td{padding:.3em .8em;text-align:right;border-bottom:1px solid #eef0f3}
            th:first-child,td:first-child,td.name,th:nth-child(2){text-align:left}
            th{background:#f1f3f6;font-weight:600}.mono{font-family:ui-monospace,monospace}
            .bad{color:#b3261e}.empty{color:#5b6473}
            .badge{padding:.1em .6em;border-radius:1em;font-weight:600;font-size:.9em}
            .healthy{background:#dcf5e3;color:#17652e}.degraded{background:#fff1cc;color:#7a5600}
            .down{background:#fde0de;color:#b3261e}.neutral{background:#eef0f3;color:#5b6473}
            #continuity-exits{margin-top:.8em}.check{padding:.4em .8em;border-radius:4px;margin:.6em 0}
            .histograms{display:flex;flex-wrap:wrap;gap:1.2em}
            figure{margin:0;background:#fff;padding:.5em;box-shadow:0 1px 2px #0001}
            figcaption{font-weight:600;margin-bottom:.3em}rect{fill:#4f7fe0}text{font-size:10px;fill:#5b6473}
            """;
}
