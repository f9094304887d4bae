package dev.more.tensor;

import java.util.Arrays;

/** Shape arithmetic: broadcasting and axis normalisation. */
public final class Shapes {
    private Shapes() {}

    /** The NumPy broadcast of two shapes, or a {@link ShapeException} naming {@code op}. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int rank = Math.max(a.length, b.length);
        int[] out = new int[rank];
        for (int d = 0; d < rank; d++) {
            int da = d - (rank - a.length) >= 0 ? a[d - (rank - a.length)] : 1;
            int db = d - (rank - b.length) >= 0 ? b[d - (rank - b.length)] : 1;
            if (da != db && da != 1 && db != 1) {
                throw new ShapeException(
                        op,
                        a,
                        b,
                        "cannot be broadcast (sizes " + da + " and " + db + " meet in dimension " + d
                                + " of the result)");
            }
            out[d] = da == 1 ? db : da;
        }
        return out;
    }

    /** {@code axis} in [-rank, rank) as a non-negative index. */
    public static int axis(String op, int[] shape, int axis) {
        int rank = shape.length;
        if (axis < -rank || axis >= rank) {
            throw new ShapeException(op, shape, "axis " + axis + " is out of range for rank " + rank);
        }
        return axis < 0 ? axis + rank : axis;
    }

    /** Sorted distinct non-negative axes; no axes means all of them. */
    public static int[] axes(String op, int[] shape, int... axes) {
        if (axes.length == 0) {
            int[] all = new int[shape.length];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = axis(op, shape, axes[i]);
        }
        Arrays.sort(out);
        for (int i = 1; i < out.length; i++) {
            if (out[i] == out[i - 1]) {
                throw new ShapeException(op, shape, "axis " + out[i] + " is named twice");
            }
        }
        return out;
    }

    /** {@code shape} with -1 (at most one) replaced so that the element count is {@code numel}. */
    public static int[] inferred(String op, int[] from, int[] shape) {
        int numel = dev.more.kernels.cpu.Layouts.numel(from);
        int unknown = -1;
        long known = 1;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == -1) {
                if (unknown >= 0) {
                    throw new ShapeException(op, from, shape, "only one dimension may be -1");
                }
                unknown = d;
            } else if (shape[d] < 0) {
                throw new ShapeException(op, from, shape, "dimensions must not be negative");
            } else {
                known *= shape[d];
            }
        }
        int[] out = shape.clone();
        if (unknown >= 0) {
            if (known == 0 || numel % known != 0) {
                throw new ShapeException(op, from, shape, "element counts differ");
            }
            out[unknown] = (int) (numel / known);
        }
        return out;
    }
}
