package dev.more.tensor;

import java.util.Arrays;

/** Fused optimizer updates on tensors: shape checks, then the device's kernel. */
public final class OptimizerOps {
    private OptimizerOps() {}

    /**
     * The AdamW update of one parameter, elementwise in this order, each operation rounded to float:
     * <pre>
     * p' = p * decay
     * m' = m * beta1 + g * (1 - beta1)
     * v' = v * beta2 + (g * (1 - beta2)) * g
     * p'' = p' + (m' * negStepSize) / (sqrt(v') / sqrtCorrection2 + eps)
     * </pre>
     * the same operations, in the same order, as the unfused tensor expression; returns {@code {p'', m', v'}}.
     *
     * @throws ShapeException if the four tensors do not share one shape
     * @throws IllegalArgumentException if they are not on one device
     */
    public static Tensor[] adamW(Tensor p, Tensor g, Tensor m, Tensor v, AdamWStep step) {
        for (Tensor t : new Tensor[] {g, m, v}) {
            if (!Arrays.equals(p.shape(), t.shape())) {
                throw new ShapeException(
                        "adamW", p.shape(), t.shape(), "parameter, gradient and moments must share a shape");
            }
            if (!p.device().equals(t.device())) {
                throw new IllegalArgumentException(
                        "adamW: the parameter is on " + p.device() + " but another operand on " + t.device());
            }
        }
        Backend backend = p.storage().backend();
        Storage[] out = backend.adamW(contiguous(p), contiguous(g), contiguous(m), contiguous(v), p.numel(), step);
        Layout layout = Layout.contiguous(p.shape());
        return new Tensor[] {new Tensor(out[0], layout), new Tensor(out[1], layout), new Tensor(out[2], layout)};
    }

    private static Storage contiguous(Tensor t) {
        Tensor c = t.contiguous();
        return c.layout().offset() == 0 ? c.storage() : c.storage().backend().copy(c.storage(), c.layout());
    }
}
