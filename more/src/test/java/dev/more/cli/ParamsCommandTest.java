package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.adapters.MoReLinear;
import dev.more.adapters.ScalerKind;
import dev.more.adapters.Svd;
import dev.more.kernels.MoReShape;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParamsCommandTest {
    /**
     * The printed bound is reached: ΔW of random factors, measured by SVD, has rank
     * min(blocks * blk_r, in, out).
     */
    @ParameterizedTest
    @CsvSource({"48, 64, 4, 2, 8", "40, 40, 8, 8, 40", "32, 96, 2, 4, 8", "30, 20, 3, 4, 12", "64, 16, 4, 8, 16"})
    void maxRankIsTheRankOfARandomUpdate(int in, int out, int nblocks, int blkR, int expected) {
        MoReShape shape = MoReShape.of(in, out, nblocks, blkR, 0);
        assertThat(ParamsCommand.maxRank(shape)).isEqualTo(expected);
        Rng rng = new Rng(in * 31L + out);
        MoReLinear layer = new MoReLinear(new Linear(in, out, true, rng), shape, ScalerKind.NONE, 0f, rng);
        layer.setFactors(
                layer.blkdiag1().value(), Tensor.uniform(rng, -1f, 1f, shape.blocks(), shape.outBlk(), shape.blkR()));
        float[] delta = layer.deltaWeight().toArray();
        double[] values = new double[delta.length];
        for (int i = 0; i < delta.length; i++) {
            values[i] = delta[i];
        }
        double[] s = Svd.of(values, out, in).s();
        long rank = Arrays.stream(s).filter(v -> v > 1e-5 * s[0]).count();
        assertThat(rank).isEqualTo(expected);
    }
}
