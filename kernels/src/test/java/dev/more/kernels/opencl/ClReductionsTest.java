package dev.more.kernels.opencl;

import dev.more.kernels.ReduceOp;
import dev.more.kernels.cpu.Elementwise;
import dev.more.kernels.cpu.Layouts;
import dev.more.kernels.cpu.Reductions;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClReductionsTest {
    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(11);

    /** The CPU twin: the view made contiguous, then row reductions. */
    private static float[] cpu(ReduceOp op, float[] x, int offset, int[] strides, int[] shape, int reducedDims) {
        int n = 1;
        for (int d = shape.length - reducedDims; d < shape.length; d++) {
            n *= shape[d];
        }
        float[] flat = new float[Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        Elementwise.copy(x, offset, strides, shape, flat, 0, Layouts.contiguousStrides(shape));
        float[] out = new float[n == 0 ? flat.length : flat.length / n];
        if (n == 0) {
            out = new float
                    [Arrays.stream(Arrays.copyOf(shape, shape.length - reducedDims))
                            .reduce(1, (a, b) -> a * b)];
        }
        Reductions.rows(op, flat, 0, out.length, n, out, 0);
        return out;
    }

    private void check(ReduceOp op, float[] x, int offset, int[] strides, int[] shape, int reducedDims) {
        float[] expected = cpu(op, x, offset, strides, shape, reducedDims);
        float[] actual = rt.download(
                ClReductions.reduce(rt, op, rt.upload(x), offset, strides, shape, reducedDims), 0, expected.length);
        String what = op + " of " + Arrays.toString(shape) + " over the last " + reducedDims;
        if (op != ReduceOp.SUM) {
            Twins.exact(what, expected, actual);
            return;
        }
        int n = 1;
        for (int d = shape.length - reducedDims; d < shape.length; d++) {
            n *= shape[d];
        }
        float[] absolute = cpu(op, absolute(x), offset, strides, shape, reducedDims);
        double[] bound = new double[expected.length];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = Twins.sumBound(n) * absolute[i];
        }
        Twins.within(what, expected, actual, bound);
    }

    private static float[] absolute(float[] x) {
        float[] a = x.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }

    @Test
    void reducesTrailingDimensionsOfPermutedViews() {
        int[][] shapes = {{7, 13}, {1, 1}, {5, 3, 9}, {300, 2}, {2, 1000}, {4, 3, 2, 5}};
        for (int[] shape : shapes) {
            int numel = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
            float[] x = Twins.random(random, numel + 2, -1, 1);
            // the storage holds the dimensions in reverse order: every view below is strided
            int[] reversed = shape.clone();
            for (int i = 0; i < reversed.length / 2; i++) {
                int t = reversed[i];
                reversed[i] = reversed[reversed.length - 1 - i];
                reversed[reversed.length - 1 - i] = t;
            }
            int[] storageStrides = Layouts.contiguousStrides(reversed);
            int[] strides = new int[shape.length];
            for (int d = 0; d < shape.length; d++) {
                strides[d] = storageStrides[shape.length - 1 - d];
            }
            for (int reduced = 1; reduced <= shape.length; reduced++) {
                for (ReduceOp op : ReduceOp.values()) {
                    check(op, x, 2, strides, shape, reduced);
                    check(op, x, 0, Layouts.contiguousStrides(shape), shape, reduced);
                }
            }
        }
    }

    @Test
    void maxAndArgmaxFollowTheCpuOnNaNsTiesAndEmptyRows() {
        float[] x = {1, 3, 3, 2, Float.NaN, 5, Float.NaN, 0, -1, -1, -1, -1};
        int[] shape = {3, 4};
        for (ReduceOp op : new ReduceOp[] {ReduceOp.MAX, ReduceOp.ARGMAX}) {
            check(op, x, 0, new int[] {4, 1}, shape, 1);
        }
        check(ReduceOp.SUM, x, 0, new int[] {0, 1}, new int[] {3, 0}, 1);
        check(ReduceOp.MAX, x, 0, new int[] {0, 1}, new int[] {3, 0}, 1);
        check(ReduceOp.ARGMAX, x, 0, new int[] {0, 1}, new int[] {3, 0}, 1);
    }
}
