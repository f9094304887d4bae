package dev.more.kernels.opencl;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.Elementwise;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClElementwiseTest {
    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(7);

    /** A (3, 5, 7) view of a buffer of 3 + 105 floats: transposed storage (7, 5, 3), offset 3. */
    private static final int[] SHAPE = {3, 5, 7};

    private static final int[] TRANSPOSED = {1, 3, 15};
    private static final int OFFSET = 3;

    /**
     * Per-op bounds (absolute, relative). The CPU twin computes in double and rounds once; the device
     * uses OpenCL's float built-ins, which the OpenCL specification bounds at 3 ulp (exp, log), 5 ulp
     * (tanh) and 16 ulp (erf, pow); 8 ulp (4.8e-7) covers the first two with composition (sigmoid adds
     * a rounded add and divide). erf's 16 ulp are absolute near |erf| = 1, so GELU, whose 1 + erf
     * cancels for negative x, gets an absolute bound of 16 ulp of 1 times |x|.
     */
    private static double[] tolerance(UnaryOp op, float x) {
        return switch (op) {
            case NEG, ABS, RELU, SQRT -> new double[] {0, 0};
            case EXP, LOG, TANH, SIGMOID -> new double[] {1e-7, 4.8e-7};
            case ERF, GELU, GELU_DERIVATIVE -> new double[] {2e-6 * Math.max(1, Math.abs(x)), 2e-6};
        };
    }

    @Test
    void everyUnaryOpMatchesItsTwinOnAStridedView() {
        for (UnaryOp op : UnaryOp.values()) {
            float low = op == UnaryOp.LOG || op == UnaryOp.SQRT ? 0.01f : -5f;
            float[] x = Twins.random(random, OFFSET + 105, low, 5f);
            float[] expected = new float[105];
            Elementwise.unaryScalar(op, x, OFFSET, TRANSPOSED, SHAPE, expected, 0);
            float[] actual = rt.download(ClElementwise.unary(rt, op, rt.upload(x), OFFSET, TRANSPOSED, SHAPE), 0, 105);
            double[] bound = new double[105];
            for (int i = 0; i < bound.length; i++) {
                double[] t = tolerance(op, x[OFFSET + inputIndex(i)]);
                bound[i] = t[0] + t[1] * Math.abs(expected[i]);
            }
            Twins.within(op.name(), expected, actual, bound);
        }
    }

    /** The storage index (from the offset) of the row-major element i of the transposed view. */
    private static int inputIndex(int i) {
        int c = i % 7;
        int b = (i / 7) % 5;
        int a = i / 35;
        return a * TRANSPOSED[0] + b * TRANSPOSED[1] + c * TRANSPOSED[2];
    }

    @Test
    void everyBinaryOpMatchesItsTwinWithBroadcasting() {
        // a is a transposed view; b is a (5, 1) column broadcast over the first and last dimensions.
        int[] bStrides = {0, 1, 0};
        for (BinaryOp op : BinaryOp.values()) {
            float[] a = Twins.random(random, OFFSET + 105, op == BinaryOp.POW ? 0.1f : -3f, 3f);
            float[] b = Twins.random(random, 5, -3f, 3f);
            b[2] = a[OFFSET + inputIndex(7 + 1)]; // one equal pair, for the comparisons
            float[] expected = new float[105];
            Elementwise.binaryScalar(op, a, OFFSET, TRANSPOSED, b, 0, bStrides, SHAPE, expected, 0);
            float[] actual = rt.download(
                    ClElementwise.binary(rt, op, rt.upload(a), OFFSET, TRANSPOSED, rt.upload(b), 0, bStrides, SHAPE),
                    0,
                    105);
            // pow is within 16 ulp in OpenCL; every other op is a correctly rounded IEEE operation
            Twins.close(op.name(), expected, actual, 0, op == BinaryOp.POW ? 16 * 6e-8 : 0);
        }
    }

    @Test
    void maximumAndMinimumPropagateNaNAsJavaDoes() {
        float[] a = {Float.NaN, 1f, 2f};
        float[] b = {0f, Float.NaN, -1f};
        int[] unit = {1};
        for (BinaryOp op : new BinaryOp[] {BinaryOp.MAXIMUM, BinaryOp.MINIMUM}) {
            float[] expected = new float[3];
            Elementwise.binaryScalar(op, a, 0, unit, b, 0, unit, new int[] {3}, expected, 0);
            Twins.exact(
                    op.name(),
                    expected,
                    rt.download(
                            ClElementwise.binary(rt, op, rt.upload(a), 0, unit, rt.upload(b), 0, unit, new int[] {3}),
                            0,
                            3));
        }
    }

    @Test
    void whereSelectsWithBroadcastCondition() {
        float[] cond = {1, 0, 0, 1, 1};
        float[] a = Twins.random(random, 105, -1, 1);
        float[] b = Twins.random(random, 1, -1, 1);
        int[] condStrides = {0, 1, 0};
        int[] aStrides = {35, 7, 1};
        int[] bStrides = {0, 0, 0};
        float[] expected = new float[105];
        Elementwise.where(cond, 0, condStrides, a, 0, aStrides, b, 0, bStrides, SHAPE, expected, 0);
        Twins.exact(
                "where",
                expected,
                rt.download(
                        ClElementwise.where(
                                rt,
                                rt.upload(cond),
                                0,
                                condStrides,
                                rt.upload(a),
                                0,
                                aStrides,
                                rt.upload(b),
                                0,
                                bStrides,
                                SHAPE),
                        0,
                        105));
    }

    @Test
    void copiesIntoAViewOfAnotherBuffer() {
        float[] src = Twins.random(random, OFFSET + 105, -1, 1);
        float[] dst = Twins.random(random, 200, -1, 1);
        int[] dstStrides = {60, 12, 1}; // a (3, 5, 7) window of a (3, 5, 12) block at offset 4
        float[] expected = dst.clone();
        Elementwise.copy(src, OFFSET, TRANSPOSED, SHAPE, expected, 4, dstStrides);
        ClBuffer device = rt.upload(dst);
        ClElementwise.copy(rt, rt.upload(src), OFFSET, TRANSPOSED, SHAPE, device, 4, dstStrides);
        Twins.exact("copy", expected, rt.download(device, 0, 200));
        float[] contiguous = new float[105];
        Elementwise.copy(src, OFFSET, TRANSPOSED, SHAPE, contiguous, 0, new int[] {35, 7, 1});
        Twins.exact(
                "contiguous",
                contiguous,
                rt.download(ClElementwise.contiguous(rt, rt.upload(src), OFFSET, TRANSPOSED, SHAPE), 0, 105));
    }

    @Test
    void handlesScalarsAndEmptyShapes() {
        float[] x = {2f};
        Twins.exact(
                "rank 0",
                new float[] {-2f},
                rt.download(ClElementwise.unary(rt, UnaryOp.NEG, rt.upload(x), 0, new int[0], new int[0]), 0, 1));
        ClBuffer empty = ClElementwise.unary(rt, UnaryOp.NEG, rt.upload(x), 0, new int[] {1, 1}, new int[] {0, 3});
        Twins.exact("empty", new float[0], rt.download(empty, 0, 0));
    }
}
