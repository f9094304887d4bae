package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ElementwiseTest {
    private final Random random = new Random(7);

    private float[] randomArray(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 4f - 2f;
        }
        return a;
    }

    @Test
    void unaryVectorPathMatchesScalarTwinOnOddLengths() {
        for (UnaryOp op : UnaryOp.values()) {
            for (int n : new int[] {1, 7, 8, 9, 31, 64, 133}) {
                float[] x = randomArray(n);
                if (op == UnaryOp.LOG || op == UnaryOp.SQRT) {
                    for (int i = 0; i < n; i++) {
                        x[i] = Math.abs(x[i]) + 1e-3f;
                    }
                }
                float[] vec = new float[n];
                float[] ref = new float[n];
                Elementwise.unary(op, x, 0, new int[] {1}, new int[] {n}, vec, 0);
                Elementwise.unaryScalar(op, x, 0, new int[] {1}, new int[] {n}, ref, 0);
                for (int i = 0; i < n; i++) {
                    assertThat(ref[i]).as("%s(%s)", op, x[i]).isEqualTo(op.apply(x[i]));
                    // exp, sigmoid, erf and GELU run VectorMath's polynomials (see VectorMathTest for
                    // their error bounds); the others are exact lane operations.
                    double tol = switch (op) {
                        case EXP -> 2 * Math.ulp(ref[i]);
                        case SIGMOID -> 3 * Math.ulp(ref[i]);
                        case ERF, GELU, GELU_DERIVATIVE -> 4e-7 * Math.max(1, Math.abs(x[i]));
                        default -> 0;
                    };
                    assertThat((double) vec[i]).as("%s(%s) n=%d", op, x[i], n).isCloseTo(ref[i], within(tol));
                }
            }
        }
    }

    @Test
    void unaryReadsATransposedView() {
        // x is 3x5 row-major; read it as its 5x3 transpose.
        float[] x = randomArray(15);
        float[] out = new float[15];
        Elementwise.unary(UnaryOp.NEG, x, 0, new int[] {1, 5}, new int[] {5, 3}, out, 0);
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 3; j++) {
                assertThat(out[i * 3 + j]).isEqualTo(-x[j * 5 + i]);
            }
        }
    }

    @Test
    void binaryBroadcastsWithZeroStrides() {
        // a: (4, 1, 6) at offset 2, b: (5, 1) -> out (4, 5, 6)
        float[] a = randomArray(2 + 24);
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]) + 0.1f; // positive bases keep POW real
        }
        float[] b = randomArray(5);
        int[] shape = {4, 5, 6};
        for (BinaryOp op : BinaryOp.values()) {
            float[] vec = new float[120];
            float[] ref = new float[120];
            Elementwise.binary(op, a, 2, new int[] {6, 0, 1}, b, 0, new int[] {0, 1, 0}, shape, vec, 0);
            Elementwise.binaryScalar(op, a, 2, new int[] {6, 0, 1}, b, 0, new int[] {0, 1, 0}, shape, ref, 0);
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    for (int k = 0; k < 6; k++) {
                        int o = (i * 5 + j) * 6 + k;
                        float expected = op.apply(a[2 + i * 6 + k], b[j]);
                        assertThat(ref[o]).isEqualTo(expected);
                        assertThat(vec[o]).as("%s", op).isEqualTo(expected);
                    }
                }
            }
        }
    }

    @Test
    void binaryVectorPathCoversContiguousRowsWithTails() {
        for (int n : new int[] {3, 8, 17, 100}) {
            float[] a = randomArray(n);
            float[] b = randomArray(n);
            float[] out = new float[n];
            Elementwise.binary(BinaryOp.MUL, a, 0, new int[] {1}, b, 0, new int[] {1}, new int[] {n}, out, 0);
            for (int i = 0; i < n; i++) {
                assertThat(out[i]).isEqualTo(a[i] * b[i]);
            }
        }
    }

    @Test
    void whereSelectsByCondition() {
        float[] cond = {1, 0, 0, 1};
        float[] a = {10, 11, 12, 13};
        float[] b = {-1};
        float[] out = new float[4];
        Elementwise.where(cond, 0, new int[] {1}, a, 0, new int[] {1}, b, 0, new int[] {0}, new int[] {4}, out, 0);
        assertThat(out).containsExactly(10, -1, -1, 13);
    }

    @Test
    void copyHonoursBothLayouts() {
        float[] src = randomArray(24);
        float[] dst = new float[24];
        // src (2,3,4) permuted to (4,2,3), written contiguously.
        Elementwise.copy(src, 0, new int[] {1, 12, 4}, new int[] {4, 2, 3}, dst, 0, new int[] {6, 3, 1});
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 2; j++) {
                for (int k = 0; k < 3; k++) {
                    assertThat(dst[i * 6 + j * 3 + k]).isEqualTo(src[j * 12 + k * 4 + i]);
                }
            }
        }
    }

    @Test
    void emptyAndScalarShapes() {
        float[] out = new float[1];
        Elementwise.unary(UnaryOp.EXP, new float[] {0f}, 0, new int[0], new int[0], out, 0);
        assertThat(out[0]).isEqualTo(1f);
        Elementwise.unary(UnaryOp.EXP, new float[0], 0, new int[] {1, 0}, new int[] {3, 0}, new float[0], 0);
    }

    @Test
    void geluBackwardEqualsDerivativeThenProductBitForBit() {
        java.util.Random random = new java.util.Random(8);
        int n = 1003;
        float[] x = new float[n + 2];
        float[] dy = new float[n + 1];
        for (int i = 0; i < x.length; i++) {
            x[i] = (random.nextFloat() - 0.5f) * 12f;
        }
        for (int i = 0; i < dy.length; i++) {
            dy[i] = random.nextFloat() - 0.5f;
        }
        float[] derivative = new float[n];
        Elementwise.unary(UnaryOp.GELU_DERIVATIVE, x, 2, new int[] {1}, new int[] {n}, derivative, 0);
        float[] want = new float[n];
        Elementwise.binary(BinaryOp.MUL, dy, 1, new int[] {1}, derivative, 0, new int[] {1}, new int[] {n}, want, 0);
        float[] got = new float[n];
        Elementwise.geluBackward(x, 2, dy, 1, n, got, 0);
        assertThat(got).containsExactly(want);
    }
}
