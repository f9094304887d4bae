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

    /**
     * Runs the micro-kernel over every MR×NR tile of this block. The kernel itself is branch-free: it
     * starts from a tile buffer (zeros, or C's values when resuming) and writes its sums to another,
     * and all of alpha, beta and partial edges are handled here in plain loops. Branches on those
     * inside the vector code made the JIT deoptimise it over and over when calls alternated.
     */
    private static void macroKernel(int rows, int nc, int kc, float alpha, float[] aPack, float[] bPack,
                                    float beta, boolean resume, float[] c, int cOff, int ldc) {
        float[] start = new float[MR * NR];
        float[] sums = new float[MR * NR];
        for (int j0 = 0; j0 < nc; j0 += NR) {
            int nr = Math.min(NR, nc - j0);
            for (int i0 = 0; i0 < rows; i0 += MR) {
                int mr = Math.min(MR, rows - i0);
                int tile = cOff + i0 * ldc + j0;
                if (resume) {
                    for (int i = 0; i < mr; i++) {
                        System.arraycopy(c, tile + i * ldc, start, i * NR, nr);
                    }
                }
                microKernel(kc, aPack, i0 * kc, bPack, j0 * kc, start, sums);
                for (int i = 0; i < mr; i++) {
                    int ci = tile + i * ldc;
                    if (resume) {
                        System.arraycopy(sums, i * NR, c, ci, nr);
                        continue;
                    }
                    for (int j = 0; j < nr; j++) {
                        float v = alpha * sums[i * NR + j];
                        c[ci + j] = beta == 0f ? v : Math.fma(beta, c[ci + j], v);
                    }
                }
            }
        }
    }

    /** {@code sums = start + Apanel · Bpanel} for one MR×NR tile, both tiles row-major MR×NR. */
    private static void microKernel(int kc, float[] aPack, int aIdx, float[] bPack, int bIdx, float[] start,
                                    float[] sums) {
        FloatVector c00 = FloatVector.fromArray(S, start, 0);
        FloatVector c01 = FloatVector.fromArray(S, start, L);
        FloatVector c10 = FloatVector.fromArray(S, start, NR);
        FloatVector c11 = FloatVector.fromArray(S, start, NR + L);
        FloatVector c20 = FloatVector.fromArray(S, start, 2 * NR);
        FloatVector c21 = FloatVector.fromArray(S, start, 2 * NR + L);
        FloatVector c30 = FloatVector.fromArray(S, start, 3 * NR);
        FloatVector c31 = FloatVector.fromArray(S, start, 3 * NR + L);
        FloatVector c40 = FloatVector.fromArray(S, start, 4 * NR);
        FloatVector c41 = FloatVector.fromArray(S, start, 4 * NR + L);
        FloatVector c50 = FloatVector.fromArray(S, start, 5 * NR);
        FloatVector c51 = FloatVector.fromArray(S, start, 5 * NR + L);
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
        c00.intoArray(sums, 0);
        c01.intoArray(sums, L);
        c10.intoArray(sums, NR);
        c11.intoArray(sums, NR + L);
        c20.intoArray(sums, 2 * NR);
        c21.intoArray(sums, 2 * NR + L);
        c30.intoArray(sums, 3 * NR);
        c31.intoArray(sums, 3 * NR + L);
        c40.intoArray(sums, 4 * NR);
        c41.intoArray(sums, 4 * NR + L);
        c50.intoArray(sums, 5 * NR);
        c51.intoArray(sums, 5 * NR + L);
    }
}
