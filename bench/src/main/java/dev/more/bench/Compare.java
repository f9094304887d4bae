package dev.more.bench;

import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Simd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench/compare}: our kernels and the peers (NumPy/OpenBLAS, PyTorch) on the same shapes and
 * thread count in one run; prints a table of times, rates and ratios, and writes JSON and a PNG chart.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Time GEMM, MoRe and the Monarch permutation against NumPy/OpenBLAS and PyTorch.")
public final class Compare implements Callable<Integer> {
    @Option(names = "--threads", description = "Threads on both sides (default: all cores).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", description = "Folder for compare.json and compare.png (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("bench/results");

    @Option(names = "--python", description = "Python with numpy/torch (default: ${DEFAULT-VALUE}).")
    String python = "/usr/bin/python3";

    @Option(names = "--peers", description = "The peer script (default: ${DEFAULT-VALUE}).")
    Path peersScript = Path.of("bench/peers/peers.py");

    @Option(
            names = "--repeats",
            description = "Timed runs per case; the median is reported (default: ${DEFAULT-VALUE}).")
    int repeats = 7;

    @Option(names = "--only", description = "Run only cases whose key contains this text, e.g. 'more-' or 'gemm-nt'.")
    String only;

    /** Runs the comparison. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Parallel.setThreads(threads);
        String machine = machine();
        System.out.println(machine);
        List<BenchCase> cases = new ArrayList<>();
        for (BenchCase c : BenchCases.all()) {
            if (only == null || c.key().contains(only)) {
                cases.add(c);
            }
        }
        double copyGbps = Stopwatch.copyBandwidthGbps(repeats);
        System.out.printf("Copy bandwidth (Java System.arraycopy, read + write): %.1f GB/s%n", copyGbps);
        System.out.println("Measuring the peers...");
        PeerRunner.Results peers = PeerRunner.run(peersScript, python, threads, cases, repeats);
        peers.describe().forEach(System.out::println);
        if (!Double.isNaN(peers.copyGbps())) {
            System.out.printf("Copy bandwidth (NumPy copyto, read + write): %.1f GB/s%n", peers.copyGbps());
        }
        double floorGbps = Double.isNaN(peers.copyGbps()) ? copyGbps : Math.max(copyGbps, peers.copyGbps());
        // An untimed pass over every case first: the JIT compiles the kernels' code while nothing is timed.
        // (A run's first case, timed straight after its own warm-up, came out up to 40% slow now and then.)
        System.out.println("Warming up...");
        for (BenchCase c : cases) {
            Stopwatch.warmUp(c.prepare().get(), 3, 1000);
        }
        List<CompareReport.Row> rows = new ArrayList<>();
        for (BenchCase c : cases) {
            System.out.printf("Measuring ours: %s%n", c.key());
            double ms = Stopwatch.medianMillis(c.prepare().get(), 3, repeats);
            rows.add(new CompareReport.Row(
                    c,
                    ms,
                    peers.numpyMs().getOrDefault(c.key(), Double.NaN),
                    peers.torchMs().getOrDefault(c.key(), Double.NaN),
                    c.floorBytes() / (floorGbps * 1e6)));
        }
        System.out.println();
        CompareReport.printTable(System.out, rows);
        Files.createDirectories(out);
        CompareReport.writeJson(out.resolve("compare.json"), rows, threads, copyGbps, peers, machine);
        CompareReport.writeChart(out.resolve("compare.png"), rows, threads);
        System.out.println("Wrote " + out.resolve("compare.json") + " and " + out.resolve("compare.png"));
        return 0;
    }

    static String machine() {
        return String.format(
                "%s; Java %s; %s; %d thread(s) of %d cores",
                cpuName(),
                Runtime.version(),
                Simd.describe(),
                Parallel.threads(),
                Runtime.getRuntime().availableProcessors());
    }

    private static String cpuName() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }
}
