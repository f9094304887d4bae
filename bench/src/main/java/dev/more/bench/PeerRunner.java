package dev.more.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bench/peers/peers.py} with the same cases and thread count, with the thread settings
 * that make the peers' numbers fair on these machines: {@code OMP_WAIT_POLICY=PASSIVE} (spin-waiting
 * OpenMP threads slow PyTorch several-fold on 2 cores) and the BLAS thread variables, and without
 * {@code OPENBLAS_CORETYPE}/{@code OPENBLAS_L2_SIZE}, which some machines set to slow, safe kernels.
 */
final class PeerRunner {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the peers measured.
     *
     * @param numpyMs milliseconds per case key for NumPy, empty when missing
     * @param torchMs milliseconds per case key for PyTorch, empty when missing
     * @param describe one line per peer: version and BLAS, or why it is missing
     * @param copyGbps NumPy's copy bandwidth, or NaN
     */
    record Results(Map<String, Double> numpyMs, Map<String, Double> torchMs, List<String> describe, double copyGbps) {
        static Results none(String why) {
            return new Results(Map.of(), Map.of(), List.of(why), Double.NaN);
        }
    }

    private PeerRunner() {}

    static Results run(Path script, String python, int threads, List<BenchCase> cases, int repeats) {
        if (!Files.isExecutable(Path.of(python))) {
            return Results.none("peers not measured: " + python + " not found (apt-get install python3-numpy "
                    + "python3-torch libopenblas0-pthread)");
        }
        try {
            Path casesFile = Files.createTempFile("more-bench-cases", ".json");
            Path resultFile = Files.createTempFile("more-bench-peers", ".json");
            try {
                Files.writeString(casesFile, JSON.writeValueAsString(describeCases(cases)));
                ProcessBuilder pb = new ProcessBuilder(
                                python,
                                script.toString(),
                                "--threads",
                                String.valueOf(threads),
                                "--json",
                                resultFile.toString(),
                                "--cases",
                                casesFile.toString(),
                                "--repeats",
                                String.valueOf(repeats))
                        .inheritIO();
                fairThreads(pb, threads);
                Process process = pb.start();
                if (!process.waitFor(30, TimeUnit.MINUTES) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    return Results.none("peers not measured: " + script + " failed (exit "
                            + (process.isAlive() ? "timeout" : process.exitValue()) + ")");
                }
                return parse(JSON.readTree(resultFile.toFile()));
            } finally {
                Files.deleteIfExists(casesFile);
                Files.deleteIfExists(resultFile);
            }
        } catch (IOException e) {
            return Results.none("peers not measured: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Results.none("peers not measured: interrupted");
        }
    }

    /** Sets a peer process's thread environment as the class comment says. */
    static void fairThreads(ProcessBuilder pb, int threads) {
        Map<String, String> env = pb.environment();
        env.remove("OPENBLAS_CORETYPE");
        env.remove("OPENBLAS_L2_SIZE");
        env.put("OMP_WAIT_POLICY", "PASSIVE");
        for (String v : new String[] {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"}) {
            env.put(v, String.valueOf(threads));
        }
    }

    private static ArrayNode describeCases(List<BenchCase> cases) {
        ArrayNode array = JSON.createArrayNode();
        for (BenchCase c : cases) {
            ObjectNode o = array.addObject();
            o.put("key", c.key());
            o.put("kind", c.kind());
            o.put("variant", c.variant());
            ArrayNode dims = o.putArray("dims");
            for (int d : c.dims()) {
                dims.add(d);
            }
            ArrayNode blocks = o.putArray("blocks");
            for (int b : c.blocks()) {
                blocks.add(b);
            }
        }
        return array;
    }

    private static Results parse(JsonNode root) {
        List<String> describe = new ArrayList<>();
        Map<String, Double> numpy = times(root.path("numpy"));
        Map<String, Double> torch = times(root.path("torch"));
        if (root.has("numpy")) {
            describe.add("NumPy " + root.path("numpy").path("version").asText() + ", BLAS: "
                    + root.path("numpy").path("blas").asText());
        }
        if (root.has("torch")) {
            describe.add("PyTorch " + root.path("torch").path("version").asText() + ", "
                    + root.path("torch").path("threads").asInt() + " thread(s)");
        }
        root.path("missing").forEach(m -> describe.add("missing peer: " + m.asText()));
        return new Results(numpy, torch, describe, root.path("copy_gbps").asDouble(Double.NaN));
    }

    private static Map<String, Double> times(JsonNode peer) {
        Map<String, Double> out = new HashMap<>();
        peer.path("results")
                .properties()
                .forEach(e -> out.put(e.getKey(), e.getValue().asDouble()));
        return out;
    }
}
