package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TensorTest {
    private static Tensor t(float[] data, int... shape) {
        return Tensor.fromArray(data, shape);
    }

    @Test
    void creation() {
        assertThat(Tensor.zeros(2, 2).toArray()).containsExactly(0, 0, 0, 0);
        assertThat(Tensor.ones(3).toArray()).containsExactly(1, 1, 1);
        assertThat(Tensor.full(2.5f, 1, 2).toArray()).containsExactly(2.5f, 2.5f);
        assertThat(Tensor.arange(4).toArray()).containsExactly(0, 1, 2, 3);
        assertThat(Tensor.arange(1, 0, -0.25f).toArray()).containsExactly(1f, 0.75f, 0.5f, 0.25f);
        assertThat(Tensor.scalar(3).rank()).isZero();
        assertThatThrownBy(() -> t(new float[] {1, 2, 3}, 2, 2))
                .isInstanceOf(ShapeException.class)
                .hasMessage("fromArray: shape [2, 2]: 3 values given, 4 needed");
    }

    @Test
    void seededRandomIsRepeatable() {
        Tensor a = Tensor.randn(new Rng(42), 1000);
        Tensor b = Tensor.randn(new Rng(42), 1000);
        assertThat(a.toArray()).containsExactly(b.toArray());
        float mean = a.mean(false).item();
        float var = a.sub(mean).pow(2).mean(false).item();
        assertThat(mean).isCloseTo(0f, within(0.1f));
        assertThat(var).isCloseTo(1f, within(0.15f));
        Tensor u = Tensor.uniform(new Rng(1), -2, 3, 1000);
        assertThat(u.max(false).item()).isLessThan(3f);
        assertThat(u.neg().max(false).item()).isLessThanOrEqualTo(2f);
    }

    @Test
    void viewsShareStorageAndReadCorrectly() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1); // (4, 2, 3)
        assertThat(p.storage()).isSameAs(x.storage());
        assertThat(p.get(3, 1, 2)).isEqualTo(x.get(1, 2, 3));
        Tensor tr = x.transpose(0, 2); // (4, 3, 2)
        assertThat(tr.get(1, 2, 0)).isEqualTo(x.get(0, 2, 1));
        Tensor n = x.narrow(2, 1, 2);
        assertThat(n.shape()).containsExactly(2, 3, 2);
        assertThat(n.toArray()).startsWith(1f, 2f, 5f, 6f);
        Tensor e = Tensor.arange(3).reshape(3, 1).expand(3, 2);
        assertThat(e.toArray()).containsExactly(0, 0, 1, 1, 2, 2);
        assertThat(x.unsqueeze(0).shape()).containsExactly(1, 2, 3, 4);
        assertThat(x.unsqueeze(-1).shape()).containsExactly(2, 3, 4, 1);
        assertThat(x.unsqueeze(0).squeeze(0).shape()).containsExactly(2, 3, 4);
        // A transposed view cannot be flattened in place: reshape copies.
        Tensor flat = p.reshape(-1);
        assertThat(flat.storage()).isNotSameAs(x.storage());
        assertThat(flat.get(1)).isEqualTo(4f); // p[0, 0, 1] = x[0, 1, 0]
        assertThat(flat.get(3)).isEqualTo(12f); // p[0, 1, 0] = x[1, 0, 0]
        assertThat(p.contiguous().layout().isContiguous()).isTrue();
        assertThat(x.reshape(6, -1).shape()).containsExactly(6, 4);
        assertThatThrownBy(() -> x.reshape(5, -1))
                .isInstanceOf(ShapeException.class)
                .hasMessage("reshape: shapes [2, 3, 4] and [5, -1]: element counts differ");
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor col = t(new float[] {10, 20}, 2, 1);
        Tensor row = t(new float[] {1, 0, -1}, 3);
        assertThat(a.add(col).toArray()).containsExactly(11, 12, 13, 24, 25, 26);
        assertThat(a.mul(row).toArray()).containsExactly(1, 0, -3, 4, 0, -6);
        assertThat(a.sub(1).div(2).toArray()).containsExactly(0, 0.5f, 1, 1.5f, 2, 2.5f);
        assertThat(col.add(row).shape()).containsExactly(2, 3);
        assertThat(a.pow(2).toArray()).containsExactly(1, 4, 9, 16, 25, 36);
        assertThat(a.gt(3).toArray()).containsExactly(0, 0, 0, 1, 1, 1);
        assertThat(a.maximum(Tensor.scalar(3)).toArray()).containsExactly(3, 3, 3, 4, 5, 6);
        assertThatThrownBy(() -> a.add(t(new float[] {1, 2}, 2)))
                .isInstanceOf(ShapeException.class)
                .hasMessage(
                        "add: shapes [2, 3] and [2]: cannot be broadcast (sizes 3 and 2 meet in dimension 1 of the result)");
    }

    @Test
    void unaryOps() {
        Tensor x = t(new float[] {-1, 0, 1}, 3);
        assertThat(x.relu().toArray()).containsExactly(0, 0, 1);
        assertThat(x.neg().toArray()).containsExactly(1, -0f, -1);
        assertThat(x.exp().toArray()[2]).isCloseTo((float) Math.E, within(1e-6f));
        assertThat(x.sigmoid().toArray()[1]).isEqualTo(0.5f);
        assertThat(x.tanh().toArray()[2]).isCloseTo((float) Math.tanh(1), within(1e-7f));
        assertThat(x.erf().toArray()[2]).isCloseTo(0.8427008f, within(1e-7f));
        // With SIMD the kernels use the vectorised erf form (within 3e-7; see VectorMath).
        float[] gelu = x.gelu().toArray();
        assertThat(gelu[0]).isCloseTo((float) -0.15865525393145707, within(3e-7f));
        assertThat(gelu[1]).isZero();
        assertThat(gelu[2]).isCloseTo((float) 0.8413447460685429, within(3e-7f));
        assertThat(x.abs().sqrt().toArray()).containsExactly(1, 0, 1);
        assertThat(x.add(2).log().toArray()[0]).isEqualTo(0f);
    }

    @Test
    void reductionsOverAnyAxes() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertThat(x.sum().item()).isEqualTo(276f);
        assertThat(x.sum(false, 1).shape()).containsExactly(2, 4);
        assertThat(x.sum(false, 1).toArray()).startsWith(12f, 15f, 18f, 21f);
        assertThat(x.sum(true, 0, 2).shape()).containsExactly(1, 3, 1);
        assertThat(x.sum(true, 0, 2).toArray()).containsExactly(60, 92, 124);
        assertThat(x.sum(false, -1, 0).toArray()).containsExactly(60, 92, 124);
        assertThat(x.mean(false, 2).toArray()).startsWith(1.5f, 5.5f);
        assertThat(x.max(false, 0, 1).toArray()).containsExactly(20, 21, 22, 23);
        Tensor y = t(new float[] {3, 9, 2, 7, 1, 8}, 2, 3);
        assertThat(y.argmax(1, false).toArray()).containsExactly(1, 2);
        assertThat(y.argmax(0, true).shape()).containsExactly(1, 3);
        assertThat(y.argmax(0, true).toArray()).containsExactly(1, 0, 1);
        assertThatThrownBy(() -> x.sum(false, 3)).hasMessage("sum: shape [2, 3, 4]: axis 3 is out of range for rank 3");
        assertThatThrownBy(() -> x.sum(false, 1, -2)).hasMessage("sum: shape [2, 3, 4]: axis 1 is named twice");
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.arange(6).reshape(2, 3);
        Tensor b = Tensor.arange(12).reshape(3, 4);
        Tensor c = a.matmul(b);
        assertThat(c.shape()).containsExactly(2, 4);
        assertThat(c.toArray()).containsExactly(20, 23, 26, 29, 56, 68, 80, 92);
        // Transposed operands are views, not copies.
        assertThat(b.transpose(0, 1).matmul(a.transpose(0, 1)).toArray())
                .containsExactly(c.transpose(0, 1).toArray());
        // Vector cases.
        Tensor v = Tensor.arange(3);
        assertThat(a.matmul(v).shape()).containsExactly(2);
        assertThat(a.matmul(v).toArray()).containsExactly(5, 14);
        assertThat(v.matmul(b).toArray()).containsExactly(20, 23, 26, 29);
        assertThat(v.matmul(v).rank()).isZero();
        // Batch broadcasting: (2, 1, 2, 3) x (4, 3, 4) -> (2, 4, 2, 4).
        Tensor batchA = Tensor.randn(new Rng(1), 2, 1, 2, 3);
        Tensor batchB = Tensor.randn(new Rng(2), 4, 3, 4);
        Tensor batched = batchA.matmul(batchB);
        assertThat(batched.shape()).containsExactly(2, 4, 2, 4);
        Tensor one = batchA.narrow(0, 1, 1)
                .reshape(2, 3)
                .matmul(batchB.narrow(0, 2, 1).reshape(3, 4));
        assertThat(batched.narrow(0, 1, 1).narrow(1, 2, 1).reshape(2, 4).toArray())
                .containsExactly(one.toArray());
        assertThatThrownBy(() -> a.matmul(a))
                .isInstanceOf(ShapeException.class)
                .hasMessage("matmul: shapes [2, 3] and [2, 3]: inner dimensions 3 and 2 differ");
    }

    @Test
    void scaledMaskedSoftmaxEqualsTheSeparateOpsOnViewsAndBroadcastMasks() {
        Rng rng = new Rng(3);
        // Scores as attention makes them: a (batch, heads, seq, seq) product viewed through a transpose.
        Tensor scores = Tensor.randn(rng, 2, 3, 5, 5).mul(4f).transpose(2, 3);
        Tensor padding = Tensor.fromArray(
                new float[] {0, 0, 0, -Float.MAX_VALUE, -Float.MAX_VALUE, 0, 0, 0, 0, -Float.MAX_VALUE}, 2, 1, 1, 5);
        Tensor causal = Tensor.randn(rng, 2, 1, 5, 5);
        for (Tensor mask : new Tensor[] {padding, causal, null}) {
            Tensor want = (mask == null ? scores.mul(0.35f) : scores.mul(0.35f).add(mask)).softmax(-1);
            assertThat(scores.scaledMaskedSoftmax(0.35f, mask).toArray()).containsExactly(want.toArray());
        }
        Tensor y = scores.scaledMaskedSoftmax(0.35f, padding);
        Tensor dy = Tensor.randn(rng, 2, 3, 5, 5);
        assertThat(y.scaledSoftmaxBackward(0.35f, dy).toArray())
                .containsExactly(y.softmaxBackward(-1, dy, false).mul(0.35f).toArray());
        assertThatThrownBy(() -> scores.scaledMaskedSoftmax(1f, Tensor.zeros(2, 1, 1, 4)))
                .isInstanceOf(ShapeException.class)
                .hasMessageContaining("[2, 1, 1, 4]");
    }

    @Test
    void geluBackwardEqualsTheDerivativeTimesTheGradient() {
        Rng rng = new Rng(4);
        Tensor x = Tensor.randn(rng, 70, 531).mul(3f);
        Tensor dy = Tensor.randn(rng, 70, 531);
        Tensor want = dy.mul(x.map(dev.more.kernels.UnaryOp.GELU_DERIVATIVE));
        assertThat(x.geluBackward(dy).toArray()).containsExactly(want.toArray());
        Tensor view = x.transpose(0, 1);
        assertThat(view.geluBackward(dy.transpose(0, 1)).toArray())
                .containsExactly(dy.transpose(0, 1)
                        .mul(view.map(dev.more.kernels.UnaryOp.GELU_DERIVATIVE))
                        .toArray());
        assertThatThrownBy(() -> x.geluBackward(Tensor.zeros(70, 530))).isInstanceOf(ShapeException.class);
    }

    @Test
    void dropoutEqualsMultiplyingByTheSeedsMask() {
        Tensor x = Tensor.randn(new Rng(6), 33, 517);
        float[] mask = new float[33 * 517];
        dev.more.kernels.cpu.DropoutMask.fill(mask, 1234, 0.1f, 1f / 0.9f);
        Tensor want = x.mul(Tensor.fromArray(mask, 33, 517));
        assertThat(x.dropout(1234, 0.1f).toArray()).containsExactly(want.toArray());
        // A view is masked by its own row-major index, as a contiguous copy of it would be.
        Tensor view = x.transpose(0, 1);
        assertThat(view.dropout(1234, 0.1f).toArray())
                .containsExactly(
                        view.contiguous().mul(Tensor.fromArray(mask, 517, 33)).toArray());
        assertThatThrownBy(() -> x.dropout(1, 1f)).hasMessage("dropout: probability 1.0 is not in [0, 1)");
    }

    @Test
    void softmaxOverAnyAxis() {
        Tensor x = t(new float[] {1, 2, 3, 1, 1, 1}, 2, 3);
        float[] s = x.softmax(1).toArray();
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertThat((double) s[2]).isCloseTo(Math.exp(3) / z, within(1e-6));
        assertThat((double) s[4]).isCloseTo(1.0 / 3, within(1e-6));
        float[] s0 = x.softmax(0).toArray();
        assertThat((double) s0[0]).isCloseTo(0.5, within(1e-6));
        assertThat((double) s0[2]).isCloseTo(Math.exp(3) / (Math.exp(3) + Math.E), within(1e-6));
        float[] ls = x.logSoftmax(1).toArray();
        assertThat((double) ls[2]).isCloseTo(3 - Math.log(z), within(1e-5));
    }

    @Test
    void layerNormOverLastDimension() {
        Tensor x = t(new float[] {1, 2, 3, 4, 2, 2, 2, 2}, 2, 4);
        Tensor gamma = t(new float[] {1, 1, 2, 2}, 4);
        Tensor beta = t(new float[] {0, 0, 0, 1}, 4);
        float[] y = x.layerNorm(gamma, beta, 1e-5f).toArray();
        double rstd = 1 / Math.sqrt(1.25 + 1e-5);
        assertThat((double) y[0]).isCloseTo(-1.5 * rstd, within(1e-5));
        assertThat((double) y[3]).isCloseTo(1.5 * rstd * 2 + 1, within(1e-5));
        assertThat(y[7]).isEqualTo(1f); // constant row: normalises to 0, then beta
        assertThatThrownBy(() -> x.layerNorm(Tensor.ones(3), null, 1e-5f))
                .hasMessage("layerNorm: shapes [2, 4] and [3]: gamma and beta must have shape [4]");
    }

    @Test
    void gatherIndexSelectAndTheirAdjoints() {
        Tensor table = Tensor.arange(12).reshape(4, 3);
        Tensor rows = table.indexSelect(0, 2, 0, 2);
        assertThat(rows.toArray()).containsExactly(6, 7, 8, 0, 1, 2, 6, 7, 8);
        assertThat(table.indexSelect(1, 2).toArray()).containsExactly(2, 5, 8, 11);
        Tensor back = Tensor.ones(3, 3).indexAdd(0, new int[] {2, 0, 2}, 4);
        assertThat(back.toArray()).containsExactly(1, 1, 1, 0, 0, 0, 2, 2, 2, 0, 0, 0);
        assertThatThrownBy(() -> table.indexSelect(0, 4))
                .isInstanceOf(IndexOutOfRangeException.class)
                .hasMessage("indexSelect: index 4 is not a whole number in [0, 4)");

        Tensor logits = t(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        Tensor target = t(new float[] {2, 0}, 2, 1);
        assertThat(logits.gather(1, target).toArray()).containsExactly(3, 4);
        Tensor scattered = Tensor.ones(2, 1).scatterAdd(1, target, new int[] {2, 3});
        assertThat(scattered.toArray()).containsExactly(0, 0, 1, 1, 0, 0);
        assertThatThrownBy(() -> logits.gather(1, t(new float[] {0.5f, 0}, 2, 1)))
                .hasMessage("gather: index 0.5 is not a whole number in [0, 3)");
    }

    @Test
    void concatStackWhereMaskedFill() {
        Tensor a = Tensor.arange(4).reshape(2, 2);
        Tensor b = Tensor.full(9, 2, 1);
        assertThat(Tensor.concat(1, a, b).toArray()).containsExactly(0, 1, 9, 2, 3, 9);
        assertThat(Tensor.concat(0, a, a.transpose(0, 1)).toArray()).containsExactly(0, 1, 2, 3, 0, 2, 1, 3);
        assertThat(Tensor.stack(0, a, a).shape()).containsExactly(2, 2, 2);
        assertThat(Tensor.stack(2, a, a).toArray()).containsExactly(0, 0, 1, 1, 2, 2, 3, 3);
        assertThatThrownBy(() -> Tensor.concat(0, a, b))
                .hasMessage("concat: shapes [2, 2] and [2, 1]: all dimensions but 0 must agree");
        Tensor mask = t(new float[] {0, 1}, 2);
        assertThat(a.maskedFill(mask, -1).toArray()).containsExactly(0, -1, 2, -1);
        assertThat(Tensor.where(mask, a, Tensor.scalar(7)).toArray()).containsExactly(7, 1, 7, 3);
    }

    @Test
    void itemAndGetCheckTheirArguments() {
        Tensor x = Tensor.arange(4).reshape(2, 2);
        assertThat(x.get(1, 0)).isEqualTo(2f);
        assertThatThrownBy(x::item).hasMessage("item: shape [2, 2]: only a one-element tensor has an item");
        assertThatThrownBy(() -> x.get(2, 0)).hasMessage("get: shape [2, 2]: index [2, 0] is out of range");
    }
}
