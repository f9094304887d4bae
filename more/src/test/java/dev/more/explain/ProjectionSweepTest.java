package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import dev.more.adapters.Svd;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectionSweepTest {
    @Test
    void truncationErrorIsTheTailOfTheSpectrum() {
        // Singular values 3, 2, 1: keeping one leaves sqrt(2² + 1²) of sqrt(3² + 2² + 1²).
        assertThat(ProjectionSweep.truncationError(new double[] {3, 2, 1}, 1))
                .isCloseTo(Math.sqrt(5.0 / 14), offset(1e-15));
        assertThat(ProjectionSweep.truncationError(new double[] {3, 2, 1}, 3)).isZero();
        assertThat(ProjectionSweep.truncationError(new double[] {0, 0}, 1)).isZero();
    }

    @Test
    void loraPointsAreTheTruncatedSvdAndOneBlockMoReMatchesThem() {
        int out = 24;
        int in = 16;
        float[] w = Tensor.randn(new Rng(1), out * in).toArray();
        List<ProjectionSweep.Point> points =
                ProjectionSweep.of("gaussian", w, out, in, new int[] {1, 4}, new int[] {1, 2, 4});
        assertThat(points).hasSize(9);
        Svd svd = Svd.of(ProjectionSweep.toDouble(w), out, in);
        double norm = 0;
        for (float v : w) {
            norm += v * v;
        }
        for (ProjectionSweep.Point lora :
                points.stream().filter(p -> p.method().equals("LoRA")).toList()) {
            double[] approx = svd.truncated(lora.rank());
            double diff = 0;
            for (int i = 0; i < w.length; i++) {
                diff += (w[i] - approx[i]) * (w[i] - approx[i]);
            }
            assertThat(lora.relativeError()).isCloseTo(Math.sqrt(diff / norm), offset(1e-9));
            assertThat(lora.parameters()).isEqualTo((long) lora.rank() * (in + out));
            ProjectionSweep.Point oneBlock = points.stream()
                    .filter(p -> p.method().equals("MoRe") && p.nblocks() == 1 && p.rank() == lora.rank())
                    .findFirst()
                    .orElseThrow();
            // nblocks = 1 is LoRA: the same parameters and the same best error (float factors: 1e-5).
            assertThat(oneBlock.parameters()).isEqualTo(lora.parameters());
            assertThat(oneBlock.relativeError()).isCloseTo(lora.relativeError(), offset(1e-5));
        }
        for (ProjectionSweep.Point p : points) {
            assertThat(p.relativeError()).isBetween(0.0, 1.0);
            assertThat(p.matrix()).isEqualTo("gaussian");
        }
    }
}
