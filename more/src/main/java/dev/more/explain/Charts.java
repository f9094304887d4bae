package dev.more.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The line and bar charts of the explanation, drawn with XChart. */
final class Charts {
    static final Color MORE = new Color(31, 119, 180);
    static final Color LORA = new Color(255, 127, 14);
    private static final Color[] NBLOCKS_COLOURS = {
        new Color(255, 127, 14),
        new Color(44, 160, 44),
        new Color(31, 119, 180),
        new Color(148, 103, 189),
        new Color(214, 39, 40),
        new Color(140, 86, 75)
    };

    private Charts() {}

    /** The singular values of ΔW beside those of a LoRA product with the same parameter count. */
    static BufferedImage singularValues(
            double[] more, String moreLabel, double[] lora, String loraLabel, String title) {
        int n = more.length;
        if (n <= 48) {
            CategoryChart chart = new CategoryChartBuilder()
                    .width(820)
                    .height(460)
                    .title(title)
                    .xAxisTitle("index i (singular values in descending order)")
                    .yAxisTitle("singular value σ_i")
                    .build();
            style(chart);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            chart.getStyler().setAvailableSpaceFill(0.8);
            chart.getStyler().setSeriesColors(new Color[] {MORE, LORA});
            List<Integer> index = IntStream.rangeClosed(1, n).boxed().toList();
            chart.addSeries(moreLabel, index, boxed(more));
            chart.addSeries(loraLabel, index, boxed(lora));
            return BitmapEncoder.getBufferedImage(chart);
        }
        XYChart chart = xy(title, "index i (descending)", "singular value σ_i", 820, 460);
        double[] x = IntStream.rangeClosed(1, n).asDoubleStream().toArray();
        series(chart, moreLabel, x, more, MORE, SeriesLines.SOLID, SeriesMarkers.NONE);
        series(chart, loraLabel, x, lora, LORA, SeriesLines.SOLID, SeriesMarkers.NONE);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** Rank of ΔW against parameters: LoRA's line, and MoRe at each nblocks over its blk_r sweep. */
    static BufferedImage rankVsParameters(List<RankTable.Row> rows, int in, int out) {
        XYChart chart = xy(
                "Rank of ΔW vs trainable parameters (" + out + " x " + in + " layer)",
                "trainable parameters",
                "rank of ΔW",
                900,
                560);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        int full = Math.min(in, out);
        double[] loraX = IntStream.rangeClosed(1, full)
                .mapToDouble(r -> (double) r * (in + out))
                .toArray();
        double[] loraY = IntStream.rangeClosed(1, full).asDoubleStream().toArray();
        series(
                chart,
                "LoRA, rank r: r·(in+out) parameters",
                loraX,
                loraY,
                Color.BLACK,
                new BasicStroke(3f),
                SeriesMarkers.NONE);
        List<Integer> nblocks =
                rows.stream().map(RankTable.Row::nblocks).distinct().toList();
        Marker[] markers = {
            SeriesMarkers.CROSS,
            SeriesMarkers.CIRCLE,
            SeriesMarkers.SQUARE,
            SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN
        };
        for (int i = 0; i < nblocks.size(); i++) {
            int n = nblocks.get(i);
            List<RankTable.Row> mine =
                    rows.stream().filter(r -> r.nblocks() == n).toList();
            double[] x = mine.stream().mapToDouble(RankTable.Row::parameters).toArray();
            double[] y = mine.stream()
                    .mapToDouble(r -> r.measuredRank() == null ? r.maxRank() : r.measuredRank())
                    .toArray();
            int k = mine.getFirst().shape().blocks();
            String name = n == 1
                    ? "MoRe nblocks=1: the same as LoRA (on its line)"
                    : "MoRe nblocks=" + n + (k == n ? "" : " (k = " + k + " blocks)");
            XYSeries s = series(
                    chart,
                    name,
                    x,
                    y,
                    NBLOCKS_COLOURS[i % NBLOCKS_COLOURS.length],
                    n == 1 ? SeriesLines.NONE : SeriesLines.SOLID,
                    markers[i % markers.length]);
            if (n == 1) {
                s.setMarkerColor(new Color(214, 39, 40));
            }
        }
        double right = Math.max(
                loraX[full - 1],
                rows.stream().mapToDouble(RankTable.Row::parameters).max().orElse(0));
        series(
                chart,
                "full rank min(in, out) = " + full,
                new double[] {0, right},
                new double[] {full, full},
                Color.GRAY,
                SeriesLines.DASH_DASH,
                SeriesMarkers.NONE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(full * 1.1);
        return BitmapEncoder.getBufferedImage(chart);
    }

    /**
     * Relative projection error against parameters, MoRe and LoRA, for each matrix; the parameter counts are
     * categories, evenly spaced (each blk_r step doubles them).
     */
    static BufferedImage projection(List<ProjectionSweep.Point> points) {
        CategoryChart chart = lines(
                "Best approximation at equal parameter count: MoRe projection vs LoRA (truncated SVD)",
                "trainable parameters (blk_r = LoRA rank doubles at each step)",
                "relative error ‖W − approx‖ / ‖W‖",
                980,
                580);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSW);
        List<String> matrices =
                points.stream().map(ProjectionSweep.Point::matrix).distinct().toList();
        Color[] colours = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44)};
        for (int m = 0; m < matrices.size(); m++) {
            String matrix = matrices.get(m);
            for (String method : List.of("MoRe", "LoRA")) {
                List<ProjectionSweep.Point> mine = points.stream()
                        .filter(p -> p.matrix().equals(matrix) && p.method().equals(method))
                        .toList();
                for (int n : mine.stream()
                        .mapToInt(ProjectionSweep.Point::nblocks)
                        .distinct()
                        .toArray()) {
                    List<ProjectionSweep.Point> line =
                            mine.stream().filter(p -> p.nblocks() == n).toList();
                    String name = (method.equals("MoRe") ? "MoRe nblocks=" + n : "LoRA") + ": " + matrix;
                    line(
                            chart,
                            name,
                            line.stream()
                                    .map(p -> String.format("%,d", p.parameters()))
                                    .toList(),
                            line.stream()
                                    .map(ProjectionSweep.Point::relativeError)
                                    .toList(),
                            colours[m % colours.length],
                            method.equals("MoRe") ? SeriesLines.SOLID : SeriesLines.DASH_DASH,
                            method.equals("MoRe") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
                }
            }
        }
        return BitmapEncoder.getBufferedImage(chart);
    }

    /** One panel per target: the fitted residual of MoRe and LoRA against parameters, with their optima. */
    static BufferedImage fit(List<FitExperiment.Fit> fits, List<TargetMatrix> targets, int steps) {
        List<BufferedImage> panels = new ArrayList<>();
        for (TargetMatrix target : targets) {
            List<FitExperiment.Fit> mine =
                    fits.stream().filter(f -> f.target().equals(target.name())).toList();
            CategoryChart chart = lines(
                    target.name() + " (" + target.out() + " x " + target.in() + ")",
                    "trainable parameters",
                    "relative residual ‖T − ΔW‖ / ‖T‖",
                    700,
                    440);
            chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
            chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
            chart.getStyler().setYAxisMin(0.0);
            chart.getStyler().setYAxisMax(1.0);
            for (String method : List.of("MoRe", "LoRA")) {
                List<FitExperiment.Fit> line =
                        mine.stream().filter(f -> f.method().equals(method)).toList();
                line(
                        chart,
                        method + " (AdamW)",
                        parameterLabels(line),
                        line.stream().map(FitExperiment.Fit::fitError).toList(),
                        method.equals("MoRe") ? MORE : LORA,
                        SeriesLines.SOLID,
                        method.equals("MoRe") ? SeriesMarkers.CIRCLE : SeriesMarkers.SQUARE);
            }
            // Drawn last, in black, so that the optimum shows on top of a descent that reached it.
            for (String method : List.of("MoRe", "LoRA")) {
                List<FitExperiment.Fit> line =
                        mine.stream().filter(f -> f.method().equals(method)).toList();
                CategorySeries best = line(
                        chart,
                        method.equals("MoRe") ? "best possible (projection, SVD)" : "LoRA best possible",
                        parameterLabels(line),
                        line.stream().map(FitExperiment.Fit::bestError).toList(),
                        Color.BLACK,
                        new BasicStroke(
                                1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {3f, 4f}, 0f),
                        SeriesMarkers.NONE);
                best.setShowInLegend(method.equals("MoRe"));
            }
            panels.add(BitmapEncoder.getBufferedImage(chart));
        }
        return Figures.grid(
                "Fitting targets at equal parameter count: MoRe (nblocks "
                        + fits.getFirst().nblocks() + ") vs LoRA, AdamW " + steps + " steps (lower is better)",
                2,
                panels.toArray(BufferedImage[]::new));
    }

    private static List<String> parameterLabels(List<FitExperiment.Fit> fits) {
        return fits.stream().map(f -> String.format("%,d", f.parameters())).toList();
    }

    private static CategoryChart lines(String title, String xTitle, String yTitle, int width, int height) {
        CategoryChart chart = new CategoryChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart);
        chart.getStyler().setDefaultSeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line);
        chart.getStyler().setOverlapped(true);
        chart.getStyler().setYAxisDecimalPattern("0.0#");
        return chart;
    }

    private static CategorySeries line(
            CategoryChart chart,
            String name,
            List<String> x,
            List<Double> y,
            Color colour,
            BasicStroke stroke,
            Marker marker) {
        CategorySeries s = chart.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setLineStyle(stroke);
        s.setMarker(marker);
        return s;
    }

    private static XYChart xy(String title, String xTitle, String yTitle, int width, int height) {
        XYChart chart = new XYChartBuilder()
                .width(width)
                .height(height)
                .title(title)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        style(chart);
        chart.getStyler().setXAxisDecimalPattern("#,##0");
        chart.getStyler().setYAxisDecimalPattern("0.##");
        return chart;
    }

    private static void style(Chart<?, ?> chart) {
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setChartTitleFont(Figures.TITLE_FONT);
        styler.setLegendFont(Figures.SMALL_FONT);
        styler.setLegendBorderColor(Color.LIGHT_GRAY);
        styler.setChartPadding(12);
        if (styler instanceof org.knowm.xchart.style.AxesChartStyler axes) {
            axes.setAxisTitleFont(Figures.LABEL_FONT);
            axes.setAxisTickLabelsFont(Figures.TICK_FONT);
            axes.setPlotGridLinesColor(new Color(225, 225, 225));
        }
        styler.setPlotBackgroundColor(Color.WHITE);
    }

    private static XYSeries series(
            XYChart chart, String name, double[] x, double[] y, Color colour, BasicStroke line, Marker marker) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setLineColor(colour);
        s.setMarkerColor(colour);
        s.setLineStyle(line);
        s.setMarker(marker);
        return s;
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }
}
