package dev.more.train;

import dev.more.tensor.io.AtomicFiles;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG charts of a run (loss per step, evaluation per epoch) and of a comparison of runs. */
public final class Plots {
    /** The loss chart's file name in a run folder. */
    public static final String LOSS = "loss.png";
    /** The evaluation chart's file name in a run folder. */
    public static final String ACCURACY = "accuracy.png";
    /** The comparison chart's file name. */
    public static final String COMPARISON = "comparison.png";

    private static final int WIDTH = 800;
    private static final int HEIGHT = 500;
    /** Weight of the newest step in the smoothed loss (an exponential moving average). */
    private static final double SMOOTHING = 0.1;

    static {
        // Charts are drawn off-screen; without this AWT would look for a display.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    /** The training loss of every step, and its exponential moving average, into {@code file}. */
    public static void loss(List<StepRecord> steps, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("step")
                .yAxisTitle("training loss")
                .build();
        double[] x = new double[steps.size()];
        double[] raw = new double[steps.size()];
        double[] smooth = new double[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            x[i] = steps.get(i).step();
            raw[i] = steps.get(i).loss();
            smooth[i] = i == 0 ? raw[0] : (1 - SMOOTHING) * smooth[i - 1] + SMOOTHING * raw[i];
        }
        XYSeries rawSeries = chart.addSeries("loss per step", x, raw);
        rawSeries.setMarker(SeriesMarkers.NONE);
        rawSeries.setLineColor(new Color(160, 190, 230));
        chart.addSeries("smoothed (EMA " + SMOOTHING + ")", x, smooth).setMarker(SeriesMarkers.NONE);
        save(chart, file);
    }

    /** Evaluation accuracy and macro-F1 per epoch, in percent, into {@code file}. */
    public static void accuracy(List<EpochRecord> epochs, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("epoch")
                .yAxisTitle("evaluation score (%)")
                .build();
        double[] x = epochs.stream().mapToDouble(EpochRecord::epoch).toArray();
        chart.addSeries(
                "accuracy",
                x,
                epochs.stream().mapToDouble(e -> 100 * e.eval().accuracy()).toArray());
        chart.addSeries(
                "macro-F1",
                x,
                epochs.stream().mapToDouble(e -> 100 * e.eval().macroF1()).toArray());
        chart.getStyler().setXAxisDecimalPattern("0");
        save(chart, file);
    }

    /**
     * Evaluation accuracy of each run as bars labelled with the run's name and trainable parameters.
     *
     * @param names the runs' names
     * @param trainable their trainable parameter counts
     * @param accuracies their accuracies in [0, 1]
     */
    public static void comparison(
            List<String> names, List<Long> trainable, List<Double> accuracies, String title, Path file)
            throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(WIDTH)
                .height(HEIGHT)
                .title(title)
                .xAxisTitle("method (trainable parameters)")
                .yAxisTitle("evaluation accuracy (%)")
                .build();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            labels.add(names.get(i) + " (" + compact(trainable.get(i)) + ")");
        }
        chart.addSeries(
                "accuracy", labels, accuracies.stream().map(a -> 100 * a).toList());
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setLabelsVisible(true);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(100.0);
        save(chart, file);
    }

    /** 56066 as "56.1k", 22621442 as "22.6M". */
    static String compact(long n) {
        if (n >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", n / 1e6);
        }
        if (n >= 1_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return Long.toString(n);
    }

    private static void save(Chart<?, ?> chart, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
    }
}
