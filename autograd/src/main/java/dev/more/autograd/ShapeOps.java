package dev.more.autograd;

import dev.more.tensor.Tensor;

/** Views and joins, each forward beside its backward rule. Their gradients move, never scale. */
final class ShapeOps {
    private ShapeOps() {}

    static Variable reshape(Variable a, int[] shape) {
        int[] in = a.shape();
        return Variable.fromOp("reshape", a.value().reshape(shape), g -> new Tensor[] {g.reshape(in)}, a);
    }

    static Variable permute(Variable a, int[] order) {
        int rank = order.length;
        int[] inverse = new int[rank];
        for (int d = 0; d < rank; d++) {
            inverse[order[d] < 0 ? order[d] + rank : order[d]] = d;
        }
        return Variable.fromOp("permute", a.value().permute(order), g -> new Tensor[] {g.permute(inverse)}, a);
    }

    static Variable transpose(Variable a, int d0, int d1) {
        return Variable.fromOp("transpose", a.value().transpose(d0, d1), g -> new Tensor[] {g.transpose(d0, d1)}, a);
    }

    static Variable narrow(Variable a, int dim, int start, int length) {
        int[] in = a.shape();
        Tensor out = a.value().narrow(dim, start, length);
        return Variable.fromOp("narrow", out, g -> new Tensor[] {padAround(g, in, dim, start)}, a);
    }

    /** {@code g} placed at {@code start} along {@code dim} of zeros shaped {@code full}. */
    private static Tensor padAround(Tensor g, int[] full, int dim, int start) {
        int d = dim < 0 ? dim + full.length : dim;
        int length = g.shape()[d];
        int[] before = full.clone();
        before[d] = start;
        int[] after = full.clone();
        after[d] = full[d] - start - length;
        return Tensor.concat(d, Tensor.zeros(g.device(), before), g, Tensor.zeros(g.device(), after));
    }

    static Variable expand(Variable a, int[] shape) {
        int[] in = a.shape();
        return Variable.fromOp("expand", a.value().expand(shape), g -> new Tensor[] {Gradients.unbroadcast(g, in)}, a);
    }

    static Variable unsqueeze(Variable a, int dim) {
        int[] in = a.shape();
        return Variable.fromOp("unsqueeze", a.value().unsqueeze(dim), g -> new Tensor[] {g.reshape(in)}, a);
    }

    static Variable squeeze(Variable a, int dim) {
        int[] in = a.shape();
        return Variable.fromOp("squeeze", a.value().squeeze(dim), g -> new Tensor[] {g.reshape(in)}, a);
    }

    static Variable concat(int dim, Variable[] parts) {
        Tensor[] values = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value();
        }
        Tensor out = Tensor.concat(dim, values);
        int d = dim < 0 ? dim + out.rank() : dim;
        return Variable.fromOp(
                "concat",
                out,
                g -> {
                    Tensor[] grads = new Tensor[parts.length];
                    int at = 0;
                    for (int i = 0; i < parts.length; i++) {
                        int len = values[i].shape()[d];
                        grads[i] = g.narrow(d, at, len);
                        at += len;
                    }
                    return grads;
                },
                parts);
    }

    static Variable stack(int dim, Variable[] parts) {
        Variable[] lifted = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            lifted[i] = unsqueeze(parts[i], dim);
        }
        return concat(dim, lifted);
    }
}
