package dev.more.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

/** The comparison's outputs: a table on the terminal, a JSON file and a PNG bar chart of speed-ups. */
final class CompareReport {
    /**
     * One measured case.
     *
     * @param c the case
     * @param oursMs our median time
     * @param numpyMs NumPy's, or NaN
     * @param torchMs PyTorch's, or NaN
     * @param floorMs the bandwidth floor (bytes that must move ÷ measured copy bandwidth)
     */
    record Row(BenchCase c, double oursMs, double numpyMs, double torchMs, double floorMs) {
        double rate() {
            return c.memoryBound() ? c.floorBytes() / (oursMs * 1e6) : c.flops() / (oursMs * 1e6);
        }
    }

    private CompareReport() {}

    static void printTable(PrintStream out, List<Row> rows) {
        out.printf(
                "%-9s %-7s %-16s %10s %14s %10s %10s %10s %10s %10s %9s%n",
                "kernel",
                "variant",
                "shape",
                "ours ms",
                "rate",
                "numpy ms",
                "torch ms",
                "x numpy",
                "x torch",
                "floor ms",
                "x floor");
        for (Row r : rows) {
            String rate = String.format(r.c().memoryBound() ? "%.1f GB/s" : "%.1f GFLOP/s", r.rate());
            out.printf(
                    "%-9s %-7s %-16s %10.3f %14s %10s %10s %10s %10s %10s %9s%n",
                    r.c().kind(),
                    r.c().variant(),
                    r.c().shape(),
                    r.oursMs(),
                    rate,
                    ms(r.numpyMs()),
                    ms(r.torchMs()),
                    ratio(r.numpyMs(), r.oursMs()),
                    ratio(r.torchMs(), r.oursMs()),
                    r.c().memoryBound() ? ms(r.floorMs()) : "-",
                    r.c().memoryBound() ? String.format("%.2f", r.oursMs() / r.floorMs()) : "-");
        }
        out.println("x numpy / x torch: the peer's time divided by ours (above 1: we are faster). "
                + "x floor: our time over the bandwidth floor (1 is the limit).");
    }

    private static String ms(double v) {
        return Double.isNaN(v) ? "-" : String.format("%.3f", v);
    }

    private static String ratio(double peer, double ours) {
        return Double.isNaN(peer) ? "-" : String.format("%.2f", peer / ours);
    }

    static void writeJson(
            Path file, List<Row> rows, int threads, double javaCopyGbps, PeerRunner.Results peers, String machine)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.put("machine", machine);
        root.put("threads", threads);
        root.put("java_copy_gbps", javaCopyGbps);
        root.put("numpy_copy_gbps", peers.copyGbps());
        ArrayNode peerLines = root.putArray("peers");
        peers.describe().forEach(peerLines::add);
        ArrayNode cases = root.putArray("cases");
        for (Row r : rows) {
            ObjectNode o = cases.addObject();
            o.put("key", r.c().key());
            o.put("kind", r.c().kind());
            o.put("variant", r.c().variant());
            o.put("shape", r.c().shape());
            o.put("ours_ms", r.oursMs());
            o.put(r.c().memoryBound() ? "ours_gbps" : "ours_gflops", r.rate());
            putMaybe(o, "numpy_ms", r.numpyMs());
            putMaybe(o, "torch_ms", r.torchMs());
            if (r.c().memoryBound()) {
                o.put("floor_ms", r.floorMs());
            }
        }
        Files.createDirectories(file.getParent());
        json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
    }

    private static void putMaybe(ObjectNode o, String name, double v) {
        if (!Double.isNaN(v)) {
            o.put(name, v);
        }
    }

    /** Bars of peer time ÷ our time per case and peer, with a parity bar at 1 (a missing peer shows as 0). */
    static void writeChart(Path file, List<Row> rows, int threads) throws IOException {
        CategoryChart chart = new CategoryChartBuilder()
                .width(1400)
                .height(700)
                .title("Speed-up over peers, " + threads + " thread(s) (peer time / our time; above 1 = faster)")
                .xAxisTitle("kernel and shape")
                .yAxisTitle("speed-up (x)")
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisLabelRotation(35);
        chart.getStyler().setYAxisDecimalPattern("0.#");
        List<String> labels = new ArrayList<>();
        List<Double> numpy = new ArrayList<>();
        List<Double> torch = new ArrayList<>();
        List<Double> parity = new ArrayList<>();
        for (Row r : rows) {
            if (Double.isNaN(r.numpyMs()) && Double.isNaN(r.torchMs())) {
                continue;
            }
            labels.add(r.c().kind() + " " + r.c().variant() + " " + r.c().shape());
            numpy.add(Double.isNaN(r.numpyMs()) ? 0.0 : r.numpyMs() / r.oursMs());
            torch.add(Double.isNaN(r.torchMs()) ? 0.0 : r.torchMs() / r.oursMs());
            parity.add(1.0);
        }
        if (labels.isEmpty()) {
            return;
        }
        chart.addSeries("vs NumPy/OpenBLAS", labels, numpy);
        chart.addSeries("vs PyTorch", labels, torch);
        chart.addSeries("parity (1x)", labels, parity);
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
