package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.kernels.cpu.DropoutMask;
import dev.more.kernels.cpu.Parallel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The CPU backend splits large row-wise ops over threads; no result may depend on how many. */
class ThreadCountTest {
    private static List<float[]> runAll() {
        Rng rng = new Rng(9);
        Tensor x = Tensor.randn(rng, 3, 40, 70, 33);
        Tensor y = Tensor.randn(rng, 3, 1, 70, 33);
        Tensor view = x.transpose(1, 2);
        Tensor gamma = Tensor.uniform(rng, 0.5f, 1.5f, 33);
        Tensor beta = Tensor.randn(rng, 33);
        Tensor mask = Tensor.randn(rng, 3, 1, 1, 33);
        List<Supplier<Tensor>> ops = List.of(
                () -> x.add(y),
                () -> view.mul(x.transpose(1, 2)),
                () -> x.gelu(),
                () -> view.exp(),
                () -> view.contiguous(),
                () -> Tensor.where(x.gt(y), x, y),
                () -> view.softmax(-1),
                () -> x.scaledMaskedSoftmax(0.3f, mask),
                () -> x.scaledMaskedSoftmax(0.3f, mask).scaledSoftmaxBackward(0.3f, view.transpose(1, 2)),
                () -> x.softmax(-1).softmaxBackward(-1, y.expand(3, 40, 70, 33), false),
                () -> view.layerNorm(gamma, beta, 1e-5f),
                () -> x.geluBackward(view.transpose(1, 2)),
                () -> x.layerNormBackward(gamma, 1e-5f, view.transpose(1, 2), false)[0]);
        List<float[]> out = new ArrayList<>();
        for (Supplier<Tensor> op : ops) {
            out.add(op.get().toArray());
        }
        float[] dropout = new float[300_001];
        DropoutMask.fill(dropout, 77, 0.1f, 1f / 0.9f);
        out.add(dropout);
        return out;
    }

    @Test
    void resultsAreTheSameBitsAtOneTwoAndThreeThreads() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            List<float[]> one = runAll();
            for (int threads : new int[] {2, 3}) {
                Parallel.setThreads(threads);
                List<float[]> many = runAll();
                for (int i = 0; i < one.size(); i++) {
                    // Compare bits directly: a failing containsExactly on arrays this large takes minutes to
                    // describe its difference.
                    int at = java.util.Arrays.mismatch(many.get(i), one.get(i));
                    assertThat(at)
                            .as("op %d at %d threads: first differing element", i, threads)
                            .isEqualTo(-1);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }
}
