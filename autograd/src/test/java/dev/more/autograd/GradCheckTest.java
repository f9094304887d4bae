package dev.more.autograd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** One gradient check per differentiable op (the list is in the README's autograd section). */
class GradCheckTest {
    private static final double TOLERANCE = 5e-3;
    private final Rng rng = new Rng(2024);

    private Tensor randn(int... shape) {
        return Tensor.randn(rng, shape);
    }

    /** Values in [lo, hi): away from kinks and domain edges. */
    private Tensor uniform(float lo, float hi, int... shape) {
        return Tensor.uniform(rng, lo, hi, shape);
    }

    private static void check(String op, Function<Variable[], Variable> f, Tensor... inputs) {
        GradCheck.Result r = GradCheck.check(f, inputs);
        assertThat(r.maxRelativeError()).as("%s: %s", op, r).isLessThan(TOLERANCE);
    }

    @Test
    void arithmeticWithBroadcasting() {
        check("add", v -> v[0].add(v[1]), randn(2, 3, 4), randn(3, 1));
        check("add scalar", v -> v[0].add(2.5f), randn(5));
        check("sub", v -> v[0].sub(v[1]), randn(4), randn(2, 3, 4));
        check("mul", v -> v[0].mul(v[1]), randn(2, 1, 4), randn(3, 1));
        check("mul scalar", v -> v[0].mul(-1.5f), randn(2, 2));
        check("div", v -> v[0].div(v[1]), randn(3, 4), uniform(0.5f, 2f, 4));
        check("pow", v -> v[0].pow(v[1]), uniform(0.5f, 2f, 2, 3), uniform(-1f, 2f, 3));
        check("pow scalar", v -> v[0].pow(3f), randn(6));
        check("maximum", v -> v[0].maximum(v[1]), randn(3, 4), randn(4));
    }

    @Test
    void unaryFunctions() {
        check("neg", v -> v[0].neg(), randn(7));
        check("abs", v -> v[0].abs(), uniform(0.1f, 1f, 3).mul(Tensor.fromArray(new float[] {1, -1, 1}, 3)));
        check("exp", v -> v[0].exp(), randn(2, 3));
        check("log", v -> v[0].log(), uniform(0.5f, 3f, 2, 3));
        check("sqrt", v -> v[0].sqrt(), uniform(0.5f, 3f, 5));
        check("tanh", v -> v[0].tanh(), randn(5));
        check("erf", v -> v[0].erf(), randn(5));
        check("gelu", v -> v[0].gelu(), randn(3, 3));
        check("relu", v -> v[0].relu(), uniform(0.1f, 1f, 4).mul(Tensor.fromArray(new float[] {1, -1, 1, -1}, 4)));
        check("sigmoid", v -> v[0].sigmoid(), randn(6));
    }

    @Test
    void selection() {
        Tensor cond = Tensor.fromArray(new float[] {1, 0, 0, 1}, 4);
        check("where", v -> Variable.where(cond, v[0], v[1]), randn(3, 4), randn(1));
        check("maskedFill", v -> v[0].maskedFill(cond, -3f), randn(2, 4));
    }

    @Test
    void views() {
        check("reshape", v -> v[0].reshape(3, 2).mul(v[0].reshape(3, 2)), randn(2, 3));
        check(
                "permute",
                v -> v[0].permute(2, 0, 1)
                        .mul(Variable.constant(Tensor.arange(24).reshape(4, 2, 3))),
                randn(2, 3, 4));
        check("transpose", v -> v[0].transpose(0, 1).matmul(v[0]), randn(3, 2));
        check("narrow", v -> v[0].narrow(1, 1, 2).exp(), randn(3, 4));
        check("expand", v -> v[0].expand(2, 3, 4).mul(v[1]), randn(3, 1), randn(2, 3, 4));
        check("unsqueeze", v -> v[0].unsqueeze(1).mul(v[1]), randn(3), randn(3, 2));
        check("squeeze", v -> v[0].squeeze(0).tanh(), randn(1, 4));
        check("concat", v -> Variable.concat(1, v[0], v[1].exp(), v[0]), randn(2, 2), randn(2, 3));
        check("stack", v -> Variable.stack(0, v[0], v[1].mul(v[0])), randn(2, 3), randn(2, 3));
    }

    @Test
    void reductionsOverSeveralAxes() {
        check("sum all", v -> v[0].sum(), randn(2, 3));
        check("sum axes", v -> v[0].sum(false, 0, 2).exp(), randn(2, 3, 4));
        check("sum keepdim", v -> v[0].sum(true, -1).mul(v[0]), randn(3, 4));
        check("mean", v -> v[0].mean(false, 1, 2).exp(), randn(2, 3, 4));
        check("mean all", v -> v[0].mean(), randn(5));
        check("max", v -> v[0].max(false, 0, 2), randn(3, 2, 4));
        check("max keepdim", v -> v[0].max(true, 1).mul(v[0]), randn(2, 5));
    }

    @Test
    void matmulIncludingBatchBroadcastingAndVectors() {
        check("matmul 2-D", v -> v[0].matmul(v[1]), randn(3, 4), randn(4, 5));
        check("matmul batched", v -> v[0].matmul(v[1]), randn(2, 3, 4), randn(2, 4, 2));
        check("matmul batch broadcast", v -> v[0].matmul(v[1]), randn(2, 1, 3, 4), randn(3, 4, 2));
        check("matmul sequence-weight", v -> v[0].matmul(v[1]), randn(2, 3, 4), randn(4, 5));
        check(
                "matmul sequence-transposed-weight",
                v -> v[0].matmul(v[1].transpose(0, 1)),
                randn(2, 2, 3, 4),
                randn(5, 4));
        check("linear", v -> v[0].linear(v[1], v[2]), randn(2, 3, 4), randn(5, 4), randn(5));
        check("linear no bias", v -> v[0].linear(v[1], null), randn(3, 4).transpose(0, 1), randn(2, 3));
        check("linearGelu", v -> v[0].linearGelu(v[1], v[2]), randn(2, 3, 4), randn(5, 4), randn(5));
        check("matmul matrix-vector", v -> v[0].matmul(v[1]), randn(3, 4), randn(4));
        check("matmul vector-batch", v -> v[0].matmul(v[1]), randn(4), randn(2, 4, 3));
        check("matmul dot", v -> v[0].matmul(v[1]), randn(5), randn(5));
    }

    @Test
    void softmaxLayerNormLookups() {
        check("softmax", v -> v[0].softmax(1), randn(3, 5));
        check("softmax axis 0", v -> v[0].softmax(0), randn(4, 2));
        check("logSoftmax", v -> v[0].logSoftmax(-1), randn(2, 6));
        Tensor mask = Tensor.fromArray(new float[] {0, -1e9f, 0, 0, 0, 0, -1e9f, 0}, 2, 1, 4);
        check("scaledMaskedSoftmax", v -> v[0].scaledMaskedSoftmax(0.7f, mask), randn(2, 3, 4));
        check("scaledMaskedSoftmax no mask", v -> v[0].scaledMaskedSoftmax(1.3f, null), randn(3, 5));
        check("layerNorm", v -> v[0].layerNorm(v[1], v[2], 1e-5f), randn(2, 3, 6), uniform(0.5f, 1.5f, 6), randn(6));
        check("layerNorm rank 1 no affine", v -> v[0].layerNorm(null, null, 1e-5f), randn(5));
        check(
                "addLayerNorm",
                v -> v[0].addLayerNorm(v[1], v[2], v[3], 1e-5f),
                randn(2, 3, 6),
                randn(2, 3, 6),
                uniform(0.5f, 1.5f, 6),
                randn(6));
        // Two heads of 3; the second sequence's last key is masked; dropout's mask is a constant of its seed.
        Tensor keyMask = Tensor.fromArray(new float[] {0, 0, 0, 0, 0, 0, 0, -1e9f}, 2, 1, 1, 4);
        check(
                "attention",
                v -> v[0].attention(v[1], v[2], 2, 0.6f, keyMask, dev.more.kernels.DropoutSeed.NONE),
                randn(2, 4, 6),
                randn(2, 4, 6),
                randn(2, 4, 6));
        check(
                "attention with dropout",
                v -> v[0].attention(v[1], v[2], 3, 0.5f, null, new dev.more.kernels.DropoutSeed(7, 0.3f)),
                randn(1, 5, 6),
                randn(1, 5, 6),
                randn(1, 5, 6));
        check("indexSelect", v -> v[0].indexSelect(0, 2, 0, 2, 1), randn(4, 3));
        check("indexSelect dim 1", v -> v[0].indexSelect(1, 1, 1), randn(2, 3));
        Tensor index = Tensor.fromArray(new float[] {2, 0, 1, 1, 0, 2}, 2, 3);
        check("gather", v -> v[0].gather(1, index), randn(2, 4));
    }

    @Test
    void moreAdapterProduct() {
        // Rectangular, in not divisible by nblocks, with a leading batch dimension.
        dev.more.kernels.MoReShape s = dev.more.kernels.MoReShape.of(10, 7, 3, 2, 0);
        check(
                "more",
                v -> v[0].more(v[1], v[2], s),
                randn(2, 3, 10),
                randn(s.blocks(), s.blkR(), s.inBlk()),
                randn(s.blocks(), s.outBlk(), s.blkR()));
        dev.more.kernels.MoReShape square = dev.more.kernels.MoReShape.of(16, 16, 4, 4, 0);
        check(
                "more square",
                v -> v[0].more(v[1], v[2], square).tanh(),
                randn(5, 16),
                randn(square.blocks(), square.blkR(), square.inBlk()),
                randn(square.blocks(), square.outBlk(), square.blkR()));
    }

    @Test
    void reportsWhereAWrongRuleDisagrees() {
        // A function whose backward is deliberately wrong (value of x^2, gradient of x) must be caught.
        Function<Variable[], Variable> wrong = v -> v[0].mul(Variable.constant(v[0].value()));
        GradCheck.Result r = GradCheck.check(wrong, Tensor.fromArray(new float[] {0.5f, 2f, -1f}, 3));
        assertThat(r.maxRelativeError()).isGreaterThan(0.3);
        assertThat(r.input()).isZero();
        assertThat(r.toString()).contains("input 0 element");
    }
}
