package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FitExperimentTest {
    @Test
    void fitsEachTargetWithMoReAndLoraAtEqualParametersAndApproachesTheOptimum() {
        Rng rng = new Rng(1);
        List<TargetMatrix> targets =
                List.of(TargetMatrix.lowRankPlusNoise(16, 2, 0.0, rng), TargetMatrix.monarch(16, 4, 4, rng));
        List<FitExperiment.Fit> heard = new ArrayList<>();
        List<FitExperiment.Fit> fits =
                FitExperiment.run(targets, new FitExperiment.Options(300, 0.05, 4, new int[] {1, 2, 4}, 7), heard::add);
        assertThat(heard).isEqualTo(fits);
        assertThat(fits).hasSize(2 * 3 * 2);
        for (int i = 0; i < fits.size(); i += 2) {
            FitExperiment.Fit more = fits.get(i);
            FitExperiment.Fit lora = fits.get(i + 1);
            assertThat(more.method()).isEqualTo("MoRe");
            assertThat(lora.method()).isEqualTo("LoRA");
            assertThat(lora.parameters()).as("equal budgets").isEqualTo(more.parameters());
            for (FitExperiment.Fit f : List.of(more, lora)) {
                assertThat(f.fitError()).isFinite().isBetween(0.0, 1.0);
                assertThat(f.bestError()).isFinite().isBetween(0.0, 1.0);
                // Gradient descent cannot beat the optimum (beyond float rounding) and gets close to it.
                assertThat(f.fitError())
                        .as("%s", f)
                        .isGreaterThanOrEqualTo(f.bestError() - 1e-4)
                        .isLessThan(f.bestError() + 0.02);
            }
        }
        // A rank-2 target is LoRA's at rank 2; a Monarch target with blk_r = k is MoRe's at blk_r 4.
        assertThat(find(fits, "low rank + noise", "LoRA", 2).fitError()).isLessThan(0.01);
        assertThat(find(fits, "Monarch (permuted blocks)", "MoRe", 4).fitError())
                .isLessThan(0.01);
        assertThat(find(fits, "Monarch (permuted blocks)", "LoRA", 4).fitError())
                .isGreaterThan(0.3);
    }

    private static FitExperiment.Fit find(List<FitExperiment.Fit> fits, String target, String method, int rank) {
        return fits.stream()
                .filter(f -> f.target().equals(target) && f.method().equals(method) && f.rank() == rank)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void rejectsBadOptions() {
        assertThatThrownBy(() -> new FitExperiment.Options(0, 0.1, 4, new int[] {1}, 1))
                .hasMessageContaining("fit steps must be at least 1, not 0");
        assertThatThrownBy(() -> new FitExperiment.Options(1, Double.NaN, 4, new int[] {1}, 1))
                .hasMessageContaining("fit learning rate must be positive, not NaN");
        assertThatThrownBy(() -> new FitExperiment.Options(1, 0.1, 0, new int[] {1}, 1))
                .hasMessageContaining("nblocks >= 1");
        assertThatThrownBy(() -> new FitExperiment.Options(1, 0.1, 4, new int[0], 1))
                .hasMessageContaining("at least one blk_r");
        assertThatThrownBy(() -> new FitExperiment.Options(1, 0.1, 4, new int[] {2, 0}, 1))
                .hasMessageContaining("blk_r must be at least 1, not 0");
    }
}
