package dev.more.autograd;

import dev.more.tensor.Shapes;
import dev.more.tensor.Tensor;

/** Reductions, each forward beside its backward rule. */
final class ReductionOps {
    private ReductionOps() {}

    static Variable sum(Variable a, boolean keepDim, int... axes) {
        int[] in = a.shape();
        int[] kept = keptShape(in, Shapes.axes("sum", in, axes));
        return Variable.fromOp(
                "sum",
                a.value().sum(keepDim, axes),
                g -> new Tensor[] {g.reshape(kept).expand(in)},
                a);
    }

    static Variable mean(Variable a, boolean keepDim, int... axes) {
        int[] in = a.shape();
        int[] reduced = Shapes.axes("mean", in, axes);
        int[] kept = keptShape(in, reduced);
        int count = 1;
        for (int d : reduced) {
            count *= in[d];
        }
        float scale = 1f / count;
        return Variable.fromOp(
                "mean",
                a.value().mean(keepDim, axes),
                g -> new Tensor[] {g.reshape(kept).mul(scale).expand(in)},
                a);
    }

    static Variable max(Variable a, boolean keepDim, int... axes) {
        Tensor x = a.value();
        int[] in = x.shape();
        int[] reduced = Shapes.axes("max", in, axes);
        int[] kept = keptShape(in, reduced);
        Tensor out = x.max(keepDim, axes);
        return Variable.fromOp(
                "max",
                out,
                g -> {
                    Tensor winners = x.eq(out.reshape(kept));
                    Tensor share = winners.div(winners.sum(true, reduced));
                    return new Tensor[] {share.mul(g.reshape(kept))};
                },
                a);
    }

    /** {@code shape} with the {@code reduced} axes set to 1. */
    private static int[] keptShape(int[] shape, int[] reduced) {
        int[] kept = shape.clone();
        for (int d : reduced) {
            kept[d] = 1;
        }
        return kept;
    }
}
