package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.more.kernels.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GemmTest {
    private final Random random = new Random(17);

    private float[] randomArray(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }

    /** Columns over more than two of the packed path's 512-column panels of B. */
    private static final int WIDE = 1037;

    @Test
    void allTransposeVariantsMatchDoubleReference() {
        // Small shapes take the row kernels; the last five take the packed path, with partial
        // MR×NR tiles, primes, k spanning several KC blocks, and n spanning several NC panels.
        int[][] sizes = {
            {1, 1, 1},
            {3, 5, 7},
            {9, 17, 8},
            {33, 65, 31},
            {64, 40, 130},
            {67, 131, 300},
            {13, 97, 257},
            {128, 64, 64},
            {29, 70, 900},
            {14, WIDE, 41}
        };
        for (int[] s : sizes) {
            int m = s[0];
            int n = s[1];
            int k = s[2];
            float[] a = randomArray(m * k + 3);
            float[] b = randomArray(k * n + 2);
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    // A stored as m×k (or k×m when transposed), starting at offset 3; B at offset 2.
                    int aRs = ta ? 1 : k;
                    int aCs = ta ? m : 1;
                    int bRs = tb ? 1 : n;
                    int bCs = tb ? k : 1;
                    float[] c = new float[m * n];
                    float[] ref = new float[m * n];
                    Gemm.matmul(m, n, k, a, 3, aRs, aCs, b, 2, bRs, bCs, c, 0, n);
                    Gemm.matmulScalar(m, n, k, a, 3, aRs, aCs, b, 2, bRs, bCs, ref, 0, n);
                    for (int i = 0; i < m; i++) {
                        for (int j = 0; j < n; j++) {
                            double exact = 0;
                            for (int p = 0; p < k; p++) {
                                exact += (double) a[3 + i * aRs + p * aCs] * b[2 + p * bRs + j * bCs];
                            }
                            assertThat((double) c[i * n + j])
                                    .as("ta=%s tb=%s %s", ta, tb, java.util.Arrays.toString(s))
                                    .isCloseTo(exact, within(1e-5 * k));
                            assertThat((double) ref[i * n + j]).isCloseTo(exact, within(1e-5 * k));
                        }
                    }
                    if (!tb || (long) m * n * k >= 1 << 15) {
                        // Row-axpy and packed paths keep one FMA chain per element, as the twin does.
                        assertThat(c).containsExactly(ref);
                    }
                }
            }
        }
    }

    @Test
    void alphaBetaAndBlasTransposeFlags() {
        int m = 37;
        int n = 41;
        int k = 290;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = randomArray(m * k);
                float[] b = randomArray(k * n);
                int lda = ta ? m : k;
                int ldb = tb ? k : n;
                int ldc = n + 3;
                float[] c = randomArray(m * ldc);
                float[] ref = c.clone();
                Gemm.sgemm(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, -2f, c, 0, ldc);
                Gemm.gemmScalar(
                        m,
                        n,
                        k,
                        0.5f,
                        a,
                        0,
                        ta ? 1 : lda,
                        ta ? lda : 1,
                        b,
                        0,
                        tb ? 1 : ldb,
                        tb ? ldb : 1,
                        -2f,
                        ref,
                        0,
                        ldc);
                for (int i = 0; i < c.length; i++) {
                    assertThat((double) c[i]).as("ta=%s tb=%s at %d", ta, tb, i).isCloseTo(ref[i], within(1e-5 * k));
                }
                // Padding columns beyond n are never written.
                for (int i = 0; i < m; i++) {
                    for (int j = n; j < ldc; j++) {
                        assertThat(c[i * ldc + j]).isEqualTo(ref[i * ldc + j]);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresWhatCHeld() {
        int m = 20;
        int n = 40;
        int k = 64;
        float[] a = randomArray(m * k);
        float[] b = randomArray(k * n);
        float[] c = new float[m * n];
        java.util.Arrays.fill(c, Float.NaN);
        Gemm.gemm(m, n, k, 2f, a, 0, k, 1, b, 0, n, 1, 0f, c, 0, n);
        for (float v : c) {
            assertThat(v).isNotNaN();
        }
    }

    @Test
    void writesIntoALargerOutputWithLeadingDimension() {
        float[] a = {1, 2, 3, 4};
        float[] b = {5, 6, 7, 8};
        float[] c = new float[2 * 5];
        java.util.Arrays.fill(c, -9f);
        Gemm.matmul(2, 2, 2, a, 0, 2, 1, b, 0, 2, 1, c, 1, 5);
        assertThat(c).containsExactly(-9f, 19f, 22f, -9f, -9f, -9f, 43f, 50f, -9f, -9f);
    }

    @Test
    void parallelSplitGivesTheSameResultAsOneThread() {
        int m = 200;
        int n = 64;
        int k = 96;
        float[] a = randomArray(m * k);
        float[] b = randomArray(k * n);
        float[] c = new float[m * n];
        float[] ref = new float[m * n];
        Gemm.matmul(m, n, k, a, 0, k, 1, b, 0, n, 1, c, 0, n);
        Gemm.matmulScalar(m, n, k, a, 0, k, 1, b, 0, n, 1, ref, 0, n);
        assertThat(c).containsExactly(ref);
    }

    @Test
    void bandsOfRowsPerThreadGiveTheBitsOfOneThread() {
        // Tall enough for each of 3 threads to take its own band; m is no multiple of the register tile's
        // rows and k spans two passes, so bands end mid-panel and sums resume from C.
        int m = 3 * 128 + 5;
        int n = 70;
        int k = 400;
        float[] a = randomArray(m * k);
        float[] bt = randomArray(n * k);
        float[] ref = new float[m * n];
        Gemm.matmulScalar(m, n, k, a, 0, k, 1, bt, 0, 1, k, ref, 0, n);
        float[] start = randomArray(m * n);
        float[] scaledRef = start.clone();
        int before = Parallel.threads();
        try {
            Parallel.setThreads(1);
            Gemm.gemm(m, n, k, 0.5f, a, 0, k, 1, bt, 0, 1, k, 0.25f, scaledRef, 0, n);
            Parallel.setThreads(3);
            float[] c = new float[m * n];
            Gemm.matmul(m, n, k, a, 0, k, 1, bt, 0, 1, k, c, 0, n);
            assertThat(c).containsExactly(ref);
            float[] scaled = start.clone();
            Gemm.gemm(m, n, k, 0.5f, a, 0, k, 1, bt, 0, 1, k, 0.25f, scaled, 0, n);
            assertThat(scaled).containsExactly(scaledRef);
        } finally {
            Parallel.setThreads(before);
        }
    }

    /** A check of one linear-layer product, m × n from k, named {@code what} in messages. */
    private interface LinearCase {
        void check(int m, int n, int k, String what);
    }

    /**
     * Runs {@code body} at 1 and 2 threads on small shapes, edge tiles only, two passes over k, bands of
     * rows, no k at all, and columns over several panels of B.
     */
    private static void forEachLinearShape(LinearCase body) {
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2}) {
                Parallel.setThreads(threads);
                for (int[] shape : new int[][] {{3, 5, 4}, {13, 37, 50}, {300, 70, 400}, {40, 33, 0}, {30, WIDE, 20}}) {
                    body.check(shape[0], shape[1], shape[2], java.util.Arrays.toString(shape) + " threads=" + threads);
                }
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void aBiasStartsEverySumAsFillingCWithItThenAddingTheProductDoes() {
        forEachLinearShape((m, n, k, what) -> {
            float[] a = randomArray(m * k);
            float[] w = randomArray(n * k); // a linear layer's weight, (n, k): B is its transpose
            float[] bias = randomArray(n + 2);
            float[] want = new float[m * n];
            for (int r = 0; r < m; r++) {
                System.arraycopy(bias, 2, want, r * n, n);
            }
            Gemm.gemm(m, n, k, 1f, a, 0, k, 1, w, 0, 1, k, 1f, want, 0, n);
            float[] got = randomArray(m * n); // C's old contents must not matter
            Gemm.gemmPlusBias(m, n, k, a, 0, k, 1, w, 0, 1, k, bias, 2, got, 0, n);
            assertThat(got).as(what).containsExactly(want);
        });
    }

    @Test
    void geluOfEachTileEqualsGeluOverTheFinishedProduct() {
        forEachLinearShape((m, n, k, what) -> {
            int ldc = n + 3; // rows of C apart: GELU must follow C's layout
            float[] a = randomArray(m * k);
            float[] w = randomArray(n * k);
            float[] bias = randomArray(n);
            float[] sums = new float[m * ldc];
            Gemm.gemmPlusBias(m, n, k, a, 0, k, 1, w, 0, 1, k, bias, 0, sums, 0, ldc);
            float[] want = new float[m * ldc];
            Elementwise.unary(UnaryOp.GELU, sums, 0, new int[] {ldc, 1}, new int[] {m, n}, want, 0);
            float[] c = new float[m * ldc];
            float[] gelu = new float[m * ldc];
            Gemm.gemmPlusBiasGelu(m, n, k, a, 0, k, 1, w, 0, 1, k, bias, 0, c, 0, ldc, gelu);
            float[] inPlace = new float[m * ldc];
            Gemm.gemmPlusBiasGelu(m, n, k, a, 0, k, 1, w, 0, 1, k, bias, 0, inPlace, 0, ldc, inPlace);
            assertThat(c).as("pre-activation %s", what).containsExactly(sums);
            for (int r = 0; r < m; r++) {
                for (int j = 0; j < n; j++) {
                    assertThat(gelu[r * ldc + j])
                            .as("gelu %s (%d, %d)", what, r, j)
                            .isEqualTo(want[r * n + j]);
                    assertThat(inPlace[r * ldc + j])
                            .as("in place %s (%d, %d)", what, r, j)
                            .isEqualTo(want[r * n + j]);
                }
            }
        });
    }
}
