package dev.more.autograd;

import dev.more.tensor.Tensor;

/** Helpers the backward rules share. */
final class Gradients {
    private Gradients() {}

    /**
     * Sums a gradient of a broadcast result back to the shape of the operand that was broadcast:
     * over the leading dimensions the operand lacked and over the dimensions where it had size 1.
     */
    static Tensor unbroadcast(Tensor grad, int[] shape) {
        int[] gs = grad.shape();
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int count = 0;
        for (int d = 0; d < gs.length; d++) {
            if (d < lead || (shape[d - lead] == 1 && gs[d] != 1)) {
                axes[count++] = d;
            }
        }
        if (count == 0) {
            return grad;
        }
        return grad.sum(true, java.util.Arrays.copyOf(axes, count)).reshape(shape);
    }
}
