package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised GEMM for large products, organised as in the Goto/BLIS papers: B is packed in
 * KC×NC panels (shared by all threads), A in MC×KC blocks (one per thread), both laid out so that the
 * micro-kernel streams them with unit stride; the micro-kernel keeps an MR×NR tile of C in vector
 * registers (6 rows × 2 vectors: 12 accumulators, 2 B vectors and 1 A broadcast fit in 16
 * registers) and updates it with one FMA per register per step of k.
 *
 * <p>Each C element is one FMA chain over k in increasing order (for k beyond KC the chain resumes
 * from the partial sum stored in C), so when alpha is 1 and beta 0 the result equals
 * {@link Gemm#gemmScalar} bit for bit, whatever the thread count.
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    static final int MR = 6;
    static final int NR = 2 * L;
    /** A KC×NR micro-panel of B (16 KiB) stays in L1 while the A panels stream past it. */
    static final int KC = Math.max(64, 4096 / NR);
    /** An MC×KC block of A (about 192 KiB) stays in L2. */
    private static final int MC = Math.max(MR, (49152 / KC) / MR * MR);
    /** A KC×NC panel of B (about 2 MiB) stays in L3. */
    private static final int NC = Math.max(NR, 4096 / NR * NR);

    private static final ThreadLocal<float[]> A_BUFFER = ThreadLocal.withInitial(() -> new float[MC * KC]);

    private PackedGemm() {
    }

    /** {@code C = alpha * A * B + beta * C}; see {@link Gemm#gemm} for the operand layout. */
    static void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc) {
        int threads = Parallel.threads();
        // At least two A blocks per thread, so that uneven blocks do not leave a core idle.
        int mc = Math.min(MC, roundUp(Math.max(1, (m + 2 * threads - 1) / (2 * threads)), MR));
        float[] bPack = new float[KC * roundUp(Math.min(n, NC), NR)];
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int jcf = jc;
                int pcf = pc;
                Parallel.forRange(panels, Math.max(1, panels / threads), (from, to) -> {
                    for (int panel = from; panel < to; panel++) {
                        packB(b, bOff, bRs, bCs, pcf, kc, jcf + panel * NR, Math.min(NR, nc - panel * NR),
                                bPack, panel * NR * kc);
                    }
                });
                // Later KC blocks continue the sum already in C: resuming the chain when alpha is 1
                // keeps every element one FMA chain; otherwise they add alpha * partial.
                boolean resume = pc > 0 && alpha == 1f;
                float betaHere = pc == 0 ? beta : 1f;
                int blocks = (m + mc - 1) / mc;
                int mcf = mc;
                Parallel.forRange(blocks, 1, (from, to) -> {
                    float[] aPack = A_BUFFER.get();
                    for (int block = from; block < to; block++) {
                        int ic = block * mcf;
                        int rows = Math.min(mcf, m - ic);
                        packA(a, aOff, aRs, aCs, ic, rows, pcf, kc, aPack);
                        macroKernel(rows, nc, kc, alpha, aPack, bPack, betaHere, resume, c,
                                cOff + ic * ldc + jcf, ldc);
                    }
                });
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /** Rows [ic, ic+rows) × k [pc, pc+kc) of A as MR-row panels: panel-major, then k, then row. */
    private static void packA(float[] a, int aOff, int aRs, int aCs, int ic, int rows, int pc, int kc,
                              float[] dst) {
        int d = 0;
        for (int i0 = 0; i0 < rows; i0 += MR) {
            int mr = Math.min(MR, rows - i0);
            int base = aOff + (ic + i0) * aRs + pc * aCs;
            for (int p = 0; p < kc; p++) {
                int src = base + p * aCs;
                int i = 0;
                for (; i < mr; i++) {
                    dst[d++] = a[src + i * aRs];
                }
                for (; i < MR; i++) {
                    dst[d++] = 0f;
                }
            }
        }
    }

    /** k [pc, pc+kc) × columns [j0, j0+cols) of B as one NR-column panel: k, then column. */
    private static void packB(float[] b, int bOff, int bRs, int bCs, int pc, int kc, int j0, int cols,
                              float[] dst, int d) {
        for (int p = 0; p < kc; p++) {
            int src = bOff + (pc + p) * bRs + j0 * bCs;
            if (bCs == 1 && cols == NR) {
                System.arraycopy(b, src, dst, d, NR);
                d += NR;
                continue;
            }
            int j = 0;
            for (; j < cols; j++) {
                dst[d++] = b[src + j * bCs];
            }
            for (; j < NR; j++) {
                dst[d++] = 0f;
            }
        }
    }

    private static void macroKernel(int rows, int nc, int kc, float alpha, float[] aPack, float[] bPack,
                                    float beta, boolean resume, float[] c, int cOff, int ldc) {
        float[] edge = null;
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            int bIdx = j0 * kc;
            for (int i0 = 0; i0 < rows; i0 += MR) {
                int mr = Math.min(MR, rows - i0);
                int aIdx = i0 * kc;
                if (mr == MR && nr == NR) {
                    microKernel(kc, aPack, aIdx, bPack, bIdx, alpha, beta, resume, c, cOff + i0 * ldc + j0, ldc);
                    continue;
                }
                // Partial tile: run a full tile on a scratch copy, then copy back what fits.
                if (edge == null) {
                    edge = new float[MR * NR];
                }
                java.util.Arrays.fill(edge, 0f);
                for (int i = 0; i < mr; i++) {
                    System.arraycopy(c, cOff + (i0 + i) * ldc + j0, edge, i * NR, nr);
                }
                microKernel(kc, aPack, aIdx, bPack, bIdx, alpha, beta, resume, edge, 0, NR);
                for (int i = 0; i < mr; i++) {
                    System.arraycopy(edge, i * NR, c, cOff + (i0 + i) * ldc + j0, nr);
                }
            }
        }
    }

    /**
     * The MR×NR tile at {@code c[ci..]}: {@code alpha * Apanel * Bpanel + beta * tile}, or, when
     * {@code resume}, the tile's sums continued over this panel.
     */
    private static void microKernel(int kc, float[] aPack, int aIdx, float[] bPack, int bIdx, float alpha,
                                    float beta, boolean resume, float[] c, int ci, int ldc) {
        FloatVector c00 = start(resume, c, ci);
        FloatVector c01 = start(resume, c, ci + L);
        FloatVector c10 = start(resume, c, ci + ldc);
        FloatVector c11 = start(resume, c, ci + ldc + L);
        FloatVector c20 = start(resume, c, ci + 2 * ldc);
        FloatVector c21 = start(resume, c, ci + 2 * ldc + L);
        FloatVector c30 = start(resume, c, ci + 3 * ldc);
        FloatVector c31 = start(resume, c, ci + 3 * ldc + L);
        FloatVector c40 = start(resume, c, ci + 4 * ldc);
        FloatVector c41 = start(resume, c, ci + 4 * ldc + L);
        FloatVector c50 = start(resume, c, ci + 5 * ldc);
        FloatVector c51 = start(resume, c, ci + 5 * ldc + L);
        int ap = aIdx;
        int bp = bIdx;
        for (int p = 0; p < kc; p++, ap += MR, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bPack, bp);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, aPack[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, aPack[ap + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, aPack[ap + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, aPack[ap + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, aPack[ap + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, aPack[ap + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        store(c00, c01, alpha, beta, resume, c, ci, ldc, 0);
        store(c10, c11, alpha, beta, resume, c, ci, ldc, 1);
        store(c20, c21, alpha, beta, resume, c, ci, ldc, 2);
        store(c30, c31, alpha, beta, resume, c, ci, ldc, 3);
        store(c40, c41, alpha, beta, resume, c, ci, ldc, 4);
        store(c50, c51, alpha, beta, resume, c, ci, ldc, 5);
    }

    private static FloatVector start(boolean resume, float[] c, int at) {
        return resume ? FloatVector.fromArray(S, c, at) : FloatVector.zero(S);
    }

    private static void store(FloatVector v0, FloatVector v1, float alpha, float beta, boolean resume,
                              float[] c, int ci, int ldc, int row) {
        int o = ci + row * ldc;
        if (resume) {
            v0.intoArray(c, o);
            v1.intoArray(c, o + L);
            return;
        }
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector vb = FloatVector.broadcast(S, beta);
            v0 = FloatVector.fromArray(S, c, o).fma(vb, v0);
            v1 = FloatVector.fromArray(S, c, o + L).fma(vb, v1);
        }
        v0.intoArray(c, o);
        v1.intoArray(c, o + L);
    }
}
