package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.kernels.DropoutSeed;
import dev.more.kernels.MoReShape;
import dev.more.kernels.opencl.ClPlatforms;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each tensor op on the OpenCL backend against the same op on the CPU backend, on views (transposed,
 * narrowed, broadcast) so that the strided paths are taken. The kernels' own tests bound each kernel
 * exactly; here the bound is a uniform 1e-5 relative plus 1e-5 absolute on inputs in [-1, 1] with at
 * most a few hundred terms per sum, far above 2γ(n)·Σ|terms| (about 1e-5 for n = 300 with |terms| ≤ 1
 * only in the worst case) yet far below any indexing error, which moves values by O(1).
 */
class OpenClBackendTest {
    private Device cl;
    private final Rng rng = new Rng(31);

    @BeforeEach
    void device() {
        Assumptions.assumeTrue(ClPlatforms.skipReason() == null, ClPlatforms::skipReason);
        cl = new Device(Device.Kind.OPENCL, Integer.getInteger("more.opencl.device", 0));
    }

    private void same(String what, Tensor cpu, Function<Tensor, Tensor> op) {
        Tensor expected = op.apply(cpu);
        Tensor actual = op.apply(cpu.to(cl));
        assertThat(actual.device()).as(what).isEqualTo(cl);
        assertThat(actual.shape()).as(what).containsExactly(expected.shape());
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        for (int i = 0; i < e.length; i++) {
            assertThat((double) a[i])
                    .as(what + " at " + i)
                    .isCloseTo(e[i], org.assertj.core.data.Offset.offset(1e-5 + 1e-5 * Math.abs(e[i])));
        }
    }

    private Tensor random(int... shape) {
        return Tensor.uniform(rng, -1, 1, shape);
    }

    @Test
    void movesBetweenDevices() {
        Tensor x = random(3, 4).transpose(0, 1);
        Tensor there = x.to(cl);
        assertThat(there.device()).isEqualTo(cl);
        assertThat(there.to(cl)).isSameAs(there);
        assertThat(there.to(Device.CPU).toArray()).containsExactly(x.toArray());
        assertThat(Tensor.zeros(cl, 2, 3).toArray()).containsExactly(new float[6]);
        assertThat(there.get(1, 2)).isEqualTo(x.get(1, 2));
        assertThatThrownBy(() -> there.add(x))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("operands are on opencl:" + cl.index() + " and cpu");
    }

    @Test
    void elementwiseOnViews() {
        Tensor x = random(4, 5, 6);
        same(
                "unary on a transposed view",
                x,
                t -> t.transpose(0, 2).exp().tanh().sigmoid().gelu());
        same(
                "binary with broadcast",
                x,
                t -> t.narrow(1, 1, 3)
                        .mul(t.narrow(1, 0, 1))
                        .sub(2f)
                        .div(t.narrow(1, 2, 3).abs().add(1f)));
        same("where and comparisons", x, t -> Tensor.where(t.gt(0f), t, t.neg().mul(0.5f)));
        same("maskedFill", x, t -> t.maskedFill(t.lt(t.mul(0.5f)), -1e9f));
        same("concat and stack", x, t -> Tensor.concat(1, t, t.narrow(1, 2, 2).exp()));
        same("contiguous and reshape", x, t -> t.permute(2, 0, 1).reshape(6, 20).contiguous());
    }

    @Test
    void reductions() {
        Tensor x = random(7, 9, 11);
        same("sum over all", x, Tensor::sum);
        same("sum over leading axes", x, t -> t.sum(false, 0, 1));
        same("mean keepDim", x, t -> t.mean(true, 2));
        same("max of a view", x, t -> t.transpose(0, 2).max(false, 1));
        same("argmax", x, t -> t.argmax(1, false));
    }

    @Test
    void matmulAndLinear() {
        Tensor a = random(2, 3, 17, 13);
        Tensor b = random(3, 13, 19);
        same("batched broadcast matmul", a, t -> t.matmul(b.to(t.device())));
        same("matmul of transposes", a, t -> t.transpose(2, 3).matmul(t.narrow(3, 0, 5)));
        Tensor m = random(13, 19);
        same("vector times matrix", random(13), t -> t.matmul(m.to(t.device())));
        same("matrix times vector", random(19), t -> m.to(t.device()).matmul(t));
        Tensor w = random(10, 13);
        Tensor bias = random(10);
        same("linear with bias", a, t -> t.linear(w.to(t.device()), bias.to(t.device())));
        same(
                "linear of a transposed input",
                random(13, 6),
                t -> t.transpose(0, 1).linear(w.to(t.device()), null));
        same(
                "residual and layer norm",
                a,
                t -> t.addLayerNorm(
                                t.mul(0.5f),
                                bias.narrow(0, 0, 1).expand(13).contiguous().to(t.device()),
                                null,
                                1e-5f,
                                true)
                        .output());
        Tensor w2 = random(7, 10);
        same(
                "feed-forward block",
                a,
                t -> t.feedForward(w.to(t.device()), bias.to(t.device()), w2.to(t.device()), null));
        Tensor back = random(13, 10);
        Tensor gamma = random(13);
        same(
                "feed-forward block and its norm",
                a,
                t -> t.feedForward(
                        w.to(t.device()),
                        bias.to(t.device()),
                        back.to(t.device()),
                        null,
                        new SublayerNorm<>(gamma.to(t.device()), null, 1e-5f)));
        same(
                "linear and GELU",
                a,
                t -> t.linearGelu(w.to(t.device()), bias.to(t.device()), true).output());
        same(
                "linear before GELU",
                a,
                t -> t.linearGelu(w.to(t.device()), bias.to(t.device()), true).preActivation());
    }

    @Test
    void normalisationAndIndexing() {
        Tensor x = random(6, 8, 10);
        Tensor g = random(10);
        same("softmax on the middle axis", x, t -> t.softmax(1));
        same("log-softmax", x, t -> t.logSoftmax(2));
        same("softmax backward", x, t -> t.softmax(2).softmaxBackward(2, t.mul(2f), false));
        Tensor mask = random(6, 1, 10).mul(5f);
        same(
                "attention softmax (the backend's composed default)",
                x,
                t -> t.scaledMaskedSoftmax(0.4f, mask.to(t.device())));
        same("GELU backward (the backend's composed default)", x, t -> t.geluBackward(t.mul(3f)));
        same(
                "attention softmax backward",
                x,
                t -> t.scaledMaskedSoftmax(0.4f, null).scaledSoftmaxBackward(0.4f, t.mul(2f)));
        same(
                "layer norm",
                x,
                t -> t.layerNorm(g.to(t.device()), g.to(t.device()).neg(), 1e-5f));
        same("layer norm backward dx", x, t -> t.layerNormBackward(g.to(t.device()), 1e-5f, t.exp(), true)[0]);
        same("layer norm backward dgamma", x, t -> t.layerNormBackward(g.to(t.device()), 1e-5f, t.exp(), true)[1]);
        same("indexSelect along 1", x, t -> t.indexSelect(1, 3, 0, 3, 7));
        same("indexAdd", x, t -> t.indexAdd(0, new int[] {2, 2, 0, 1, 5, 2}, 7));
        Tensor index = Tensor.fromArray(new float[] {1, 0, 9, 9, 3, 2}, 6, 1);
        same("gather", x.narrow(1, 0, 1).squeeze(1), t -> t.gather(1, index.to(t.device())));
        same("scatterAdd", random(6, 1), t -> t.scatterAdd(1, index.to(t.device()), new int[] {6, 10}));
    }

    @Test
    void moreProduct() {
        MoReShape s = MoReShape.of(24, 20, 4, 3, 0);
        Tensor w1 = random(s.blocks(), s.blkR(), s.inBlk());
        Tensor w2 = random(s.blocks(), s.outBlk(), s.blkR());
        Tensor x = random(5, 3, 24);
        same(
                "forward",
                x,
                t -> MoReOps.forward(s, t, w1.to(t.device()), w2.to(t.device()), true)
                        .out());
        same(
                "middle",
                x,
                t -> MoReOps.forward(s, t, w1.to(t.device()), w2.to(t.device()), true)
                        .middle());
        Tensor dOut = random(5, 3, 20);
        for (int which = 0; which < 3; which++) {
            int w = which;
            same("backward " + which, x, t -> {
                MoReOps.Gradients gr =
                        MoReOps.backward(s, t, w1.to(t.device()), w2.to(t.device()), null, dOut.to(t.device()), true);
                return w == 0 ? gr.dx() : w == 1 ? gr.dw1() : gr.dw2();
            });
        }
    }

    @Test
    void attention() {
        // q, k and v are narrowed views of one fused projection; the mask hides each sequence's last keys.
        Tensor qkv = random(2, 6, 3 * 8);
        float[] maskValues = new float[2 * 6];
        maskValues[5] = -10000f;
        maskValues[10] = -10000f;
        maskValues[11] = -10000f;
        Tensor mask = Tensor.fromArray(maskValues, 2, 1, 1, 6);
        DropoutSeed dropout = new DropoutSeed(99, 0.25f);
        Function<Tensor, AttentionOps.Forward> forward = t -> AttentionOps.forward(
                2, t.narrow(2, 0, 8), t.narrow(2, 8, 8), t.narrow(2, 16, 8), 0.5f, mask.to(t.device()), dropout, true);
        same("context", qkv, t -> forward.apply(t).context());
        same("probabilities", qkv, t -> forward.apply(t).probs());
        Tensor[] weights = {random(8, 8), random(8), random(8, 8), random(8, 8), random(8)};
        same(
                "inference block",
                qkv.narrow(2, 0, 8),
                t -> AttentionOps.block(
                        2,
                        t,
                        new AttentionProjections<>(
                                weights[0].to(t.device()),
                                weights[1].to(t.device()),
                                weights[2].to(t.device()),
                                null,
                                weights[3].to(t.device()),
                                null,
                                weights[0].transpose(0, 1).to(t.device()),
                                weights[4].to(t.device())),
                        0.5f,
                        mask.to(t.device())));
        Tensor dContext = random(2, 6, 8);
        for (int which = 0; which < 3; which++) {
            int w = which;
            same("backward " + which, qkv, t -> {
                AttentionOps.Gradients g = AttentionOps.backward(
                        2,
                        t.narrow(2, 0, 8),
                        t.narrow(2, 8, 8),
                        t.narrow(2, 16, 8),
                        forward.apply(t).probs(),
                        0.5f,
                        dropout,
                        dContext.to(t.device()),
                        true,
                        true,
                        true);
                return w == 0 ? g.dq() : w == 1 ? g.dk() : g.dv();
            });
        }
    }

    @Test
    void adamWStep() {
        AdamWStep step = new AdamWStep(0.9999f, 0.9f, 0.1f, 0.999f, 0.001f, -0.01f, 0.05f, 1e-8f);
        Tensor g = random(30);
        Tensor m = random(30).mul(0.1f);
        Tensor v = random(30).abs().mul(0.01f);
        for (int which = 0; which < 3; which++) {
            int w = which;
            same(
                    "adamW " + which,
                    random(30),
                    t -> OptimizerOps.adamW(t, g.to(t.device()), m.to(t.device()), v.to(t.device()), step)[w]);
        }
    }
}
