package io.quiver.bench;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The benchmark's PNG plots, drawn with XChart: recall against queries/s with one line per index
 * configuration (as ann-benchmarks draws them: up and to the right is better), and the scale runs'
 * growth curves.
 */
final class Charts {
    static {
        System.setProperty("java.awt.headless", "true"); // no display needed to draw into an image
    }

    private Charts() {
    }

    /**
     * recall@10 (x) against queries/s (y, logarithmic), a line per configuration through its search
     * depths. {@code concurrent} picks the many-clients throughput instead of one client's.
     */
    static void recallVsQps(List<ResultRow> rows, String title, boolean concurrent, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(1100).height(700).title(title)
                .xAxisTitle("recall@10").yAxisTitle(concurrent ? "queries/s, " + rows.get(0).clients() + " clients" : "queries/s, 1 client")
                .build();
        style(chart);
        logarithmicYIfADecade(chart, column(rows, r -> concurrent ? r.qpsConcurrent() : r.qps())); // as ann-benchmarks draws it
        Map<String, List<ResultRow>> lines = new LinkedHashMap<>();
        for (ResultRow r : rows) {
            lines.computeIfAbsent(r.index().label(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<ResultRow>> line : lines.entrySet()) {
            double[] x = column(line.getValue(), ResultRow::recall);
            double[] y = column(line.getValue(), r -> Math.max(1e-3, concurrent ? r.qpsConcurrent() : r.qps()));
            XYSeries s = chart.addSeries(line.getKey(), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        save(chart, png);
    }

    /** One growth curve: y as a function of the number of vectors, a line per series name. */
    record Curve(String series, double n, double y) {
    }

    /** Several charts against the number of vectors (x logarithmic), side by side in one PNG. */
    static void growth(String title, List<String> chartTitles, List<String> yTitles, List<List<Curve>> curves, Path png)
            throws IOException {
        growth(title, "vectors", chartTitles, yTitles, curves, png);
    }

    /** Several charts against {@code xTitle} (x logarithmic), side by side in one PNG. */
    static void growth(String title, String xTitle, List<String> chartTitles, List<String> yTitles, List<List<Curve>> curves,
                       Path png) throws IOException {
        List<Chart<?, ?>> charts = new ArrayList<>();
        for (int i = 0; i < chartTitles.size(); i++) {
            XYChart chart = new XYChartBuilder().width(600).height(450).title(title + ": " + chartTitles.get(i))
                    .xAxisTitle(xTitle).yAxisTitle(yTitles.get(i)).build();
            style(chart);
            chart.getStyler().setXAxisLogarithmic(true);
            logarithmicYIfADecade(chart, column(curves.get(i), Curve::y));
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
            Map<String, List<Curve>> lines = new LinkedHashMap<>();
            for (Curve c : curves.get(i)) {
                lines.computeIfAbsent(c.series(), k -> new ArrayList<>()).add(c);
            }
            for (Map.Entry<String, List<Curve>> line : lines.entrySet()) {
                XYSeries s = chart.addSeries(line.getKey(), column(line.getValue(), Curve::n),
                        column(line.getValue(), c -> Math.max(1e-9, c.y())));
                s.setMarker(SeriesMarkers.CIRCLE);
            }
            charts.add(chart);
        }
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), withoutExtension(png), BitmapEncoder.BitmapFormat.PNG);
    }

    /**
     * A logarithmic y axis when the values span a decade or more, else a linear one: XChart labels a
     * logarithmic axis at powers of ten only, so a narrower span would show one label or none.
     */
    private static void logarithmicYIfADecade(XYChart chart, double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(1), max = java.util.Arrays.stream(values).max().orElse(1);
        chart.getStyler().setYAxisLogarithmic(min > 0 && max / min >= 10);
        chart.getStyler().setYAxisDecimalPattern("#,##0.###");
    }

    private static void style(XYChart chart) {
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setMarkerSize(7);
        chart.getStyler().setPlotGridLinesVisible(true);
    }

    private static <T> double[] column(List<T> rows, ToDoubleFunction<T> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    private static void save(XYChart chart, Path png) throws IOException {
        BitmapEncoder.saveBitmap(chart, withoutExtension(png), BitmapEncoder.BitmapFormat.PNG);
    }

    /** XChart adds the extension itself. */
    private static String withoutExtension(Path png) {
        String s = png.toString();
        return s.endsWith(".png") ? s.substring(0, s.length() - 4) : s;
    }
}
