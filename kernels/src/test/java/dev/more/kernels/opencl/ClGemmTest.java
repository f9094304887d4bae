package dev.more.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.kernels.cpu.Gemm;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClGemmTest {
    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(5);

    /**
     * Checks C = A·B (+ bias) against the CPU's scalar GEMM for one transpose variant: each result is a
     * sum of k products (plus the bias), so the two differ by at most 2γ(k+1)·(|A||B| + |bias|).
     */
    private void check(ClGemm.Variant variant, int m, int n, int k, boolean transA, boolean transB, boolean bias) {
        float[] a = Twins.random(random, m * k + 3, -1, 1);
        float[] b = Twins.random(random, k * n + 1, -1, 1);
        float[] bv = bias ? Twins.random(random, n, -1, 1) : null;
        int aRs = transA ? 1 : k;
        int aCs = transA ? m : 1;
        int bRs = transB ? 1 : n;
        int bCs = transB ? k : 1;
        float[] expected = new float[m * n];
        float[] magnitude = new float[m * n];
        for (int r = 0; r < m; r++) {
            for (int c = 0; c < n; c++) {
                expected[r * n + c] = bias ? bv[c] : 0;
                magnitude[r * n + c] = bias ? Math.abs(bv[c]) : 0;
            }
        }
        Gemm.gemmScalar(m, n, k, 1f, a, 3, aRs, aCs, b, 1, bRs, bCs, 1f, expected, 0, n);
        Gemm.gemmScalar(m, n, k, 1f, abs(a), 3, aRs, aCs, abs(b), 1, bRs, bCs, 1f, magnitude, 0, n);
        float[] actual = rt.download(
                ClGemm.matmul(
                        rt,
                        ClGemm.config(rt, variant),
                        m,
                        n,
                        k,
                        new int[0],
                        rt.upload(a),
                        3,
                        new int[0],
                        aRs,
                        aCs,
                        rt.upload(b),
                        1,
                        new int[0],
                        bRs,
                        bCs,
                        bias ? rt.upload(bv) : null),
                0,
                m * n);
        double[] bound = new double[m * n];
        for (int i = 0; i < bound.length; i++) {
            bound[i] = Twins.sumBound(k + 1) * magnitude[i] * 1.01;
        }
        Twins.within(
                variant + " " + m + "x" + n + "x" + k + (transA ? " A^T" : "") + (transB ? " B^T" : "")
                        + (bias ? " +bias" : ""),
                expected,
                actual,
                bound);
    }

    private static float[] abs(float[] x) {
        float[] a = x.clone();
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.abs(a[i]);
        }
        return a;
    }

    @Test
    void everyTransposeVariantOnOddShapesWithBothKernels() {
        int[][] shapes = {{1, 1, 1}, {37, 53, 29}, {130, 70, 65}, {64, 64, 64}, {3, 200, 17}, {70, 1, 300}};
        for (ClGemm.Variant kernel : ClGemm.Variant.values()) {
            for (int[] s : shapes) {
                for (int variant = 0; variant < 4; variant++) {
                    check(kernel, s[0], s[1], s[2], (variant & 1) != 0, (variant & 2) != 0, variant == 3);
                }
            }
            check(kernel, 5, 6, 0, false, false, true);
        }
    }

    @Test
    void batchedWithABroadcastOperand() {
        // A: (2, 3) batch of 9x21 matrices; B: one 21x19 matrix (stored transposed) shared by all six
        int m = 9;
        int k = 21;
        int n = 19;
        int[] batch = {2, 3};
        float[] a = Twins.random(random, 6 * m * k, -1, 1);
        float[] b = Twins.random(random, k * n, -1, 1);
        for (ClGemm.Variant kernel : ClGemm.Variant.values()) {
            float[] actual = rt.download(
                    ClGemm.matmul(
                            rt,
                            ClGemm.config(rt, kernel),
                            m,
                            n,
                            k,
                            batch,
                            rt.upload(a),
                            0,
                            new int[] {3 * m * k, m * k},
                            k,
                            1,
                            rt.upload(b),
                            0,
                            new int[] {0, 0},
                            1,
                            k,
                            null),
                    0,
                    6 * m * n);
            for (int e = 0; e < 6; e++) {
                float[] expected = new float[m * n];
                Gemm.gemmScalar(m, n, k, 1f, a, e * m * k, k, 1, b, 0, 1, k, 0f, expected, 0, n);
                float[] one = java.util.Arrays.copyOfRange(actual, e * m * n, (e + 1) * m * n);
                Twins.close(kernel + " batch entry " + e, expected, one, Twins.sumBound(k) * k, 0);
            }
        }
    }

    @Test
    void theTileFitsTheDeviceLimits() {
        assertThat(ClGemm.config(rt).variant()).isEqualTo(rt.info().cpu() ? ClGemm.Variant.ROWS : ClGemm.Variant.TILED);
        ClGemm.Config c = ClGemm.config(rt, ClGemm.Variant.TILED);
        assertThat((long) c.side() * c.side()).isLessThanOrEqualTo(c.kernel().workGroupSize());
        assertThat(2L * 4 * c.tile() * c.depth()).isLessThanOrEqualTo(rt.info().localMemBytes());
    }
}
