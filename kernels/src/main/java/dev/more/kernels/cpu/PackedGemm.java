package dev.more.kernels.cpu;

import dev.more.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The vectorised GEMM for large products, organised as in the Goto/BLIS papers: B is packed in
 * KC×NC panels that stay in L2, A in MC×KC blocks, and each MR-row strip of A sweeps across a whole
 * B panel, writing its strip of C left to right; the micro-kernel keeps
 * an MR×NR tile of C in vector registers (6 rows × 2 vectors: 12 accumulators, 2 B vectors and 1 A
 * broadcast fit in 16 registers) and updates it with one FMA per register per step of k. Tall
 * products give each thread its own band of rows (and its own B panels); short ones share the B panels.
 *
 * <p>A B micro-panel holds, for each k, NR consecutive values: the kernel loads them as vectors.
 * An A micro-panel keeps its MR rows apart, each at a fixed stride of KC floats: packing a row-major
 * A is then one array copy per row (a transposing pack ran at a third of the copy speed and took a
 * fifth of a BERT layer's GEMM time), and the kernel broadcasts A values from constant offsets.
 *
 * <p>Each C element is one FMA chain over k in increasing order (for k beyond KC the chain resumes
 * from the partial sum stored in C), so when alpha is 1 and beta 0 the result equals
 * {@link Gemm#gemmScalar} bit for bit, whatever the thread count. With alpha 1 and beta 1 the chain
 * starts from C itself (how a bias enters a linear layer).
 */
final class PackedGemm {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    /**
     * Rows of the register tile: 6 (12 accumulators, for 16 vector registers), or 12 (24 accumulators)
     * with 512-bit vectors, whose instruction set has 32 registers.
     */
    static final int MR = L >= 16 ? 12 : 6;

    static final int NR = 2 * L;
    /**
     * The depth of one pass over k. Each pass loads and stores every C tile once, and C's rows lie ldc
     * apart (4 KiB for n = 1024, which maps them to the same cache sets), so deep passes pay: 384 (one
     * pass for a small BERT's hidden size) measured 10–30% faster than 128 on 1024³ and 8192×1536×384,
     * although the KC×NR micro-panel of B (48 KiB with 512-bit vectors) then fills L1.
     */
    static final int KC = 384;
    /** Rows of A packed at a time: the unit that threads share out when they share B's panels. */
    private static final int MC = Math.max(MR, (98304 / KC) / MR * MR);
    /**
     * Columns of one packed panel of B: KC×NC floats (768 KiB) stay in L2 while every MR-row strip of A
     * sweeps across them. NC from 256 to 768 measured alike; 4096 (a 2.3 MiB panel, past L2) made
     * 8192×384×1536 slower.
     */
    private static final int NC = Math.max(NR, 512 / NR * NR);

    /**
     * Rows per thread from which each thread takes its own band of rows of C and runs the whole product
     * for it, packing B itself. Packing B twice costs less than making both cores meet twice per B panel
     * and share one copy of it: on 1024³ with 2 threads, bands measured 10-20% faster. Below this, B's
     * packing weighs too much against each band's share of the arithmetic.
     */
    private static final int BAND_ROWS = 128;

    /** The start of tiles whose sums begin at zero (one row of the tile). */
    private static final float[] ZEROS = new float[NR];

    private static final ThreadScratch A_PANELS = new ThreadScratch();
    private static final ThreadScratch B_PANELS = new ThreadScratch();

    private PackedGemm() {}

    /**
     * {@code C = alpha * A * B + beta * C}, or, when {@code bias} is not null, {@code C = A * B + bias}
     * with the bias row ({@code bias[biasOff ..]}, n values) added to every row and alpha 1, beta 0; see
     * {@link Gemm#gemm} for the operand layout. When {@code gelu} is not null it receives GELU of each
     * finished tile of C while the tile is in cache, at C's offsets (it may be C itself).
     */
    static void gemm(
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float beta,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc,
            float[] gelu) {
        int threads = Parallel.threads();
        if (threads == 1 || m < threads * BAND_ROWS) {
            gemmSharedPanels(
                    m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, bias, biasOff, c, cOff, ldc, gelu);
            return;
        }
        Parallel.forRange(threads, 1, (from, to) -> {
            for (int band = from; band < to; band++) {
                int first = (int) ((long) m * band / threads) / MR * MR;
                int end = band == threads - 1 ? m : (int) ((long) m * (band + 1) / threads) / MR * MR;
                gemmSharedPanels(
                        end - first,
                        n,
                        k,
                        alpha,
                        a,
                        aOff + first * aRs,
                        aRs,
                        aCs,
                        b,
                        bOff,
                        bRs,
                        bCs,
                        beta,
                        bias,
                        biasOff,
                        c,
                        cOff + first * ldc,
                        ldc,
                        gelu);
            }
        });
    }

    /**
     * The product with every thread on the same B panels: they pack each panel together, then share
     * out the A blocks, meeting twice per panel. Also the whole product of one band of rows, when the
     * call comes from inside a parallel loop and so runs on one thread.
     */
    private static void gemmSharedPanels(
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float beta,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc,
            float[] gelu) {
        float[] bPack = B_PANELS.take(KC * roundUp(Math.min(n, NC), NR));
        try {
            productOverPanels(
                    m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, bias, biasOff, c, cOff, ldc, gelu,
                    bPack);
        } finally {
            B_PANELS.give(bPack);
        }
    }

    private static void productOverPanels(
            int m,
            int n,
            int k,
            float alpha,
            float[] a,
            int aOff,
            int aRs,
            int aCs,
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            float beta,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc,
            float[] gelu,
            float[] bPack) {
        int threads = Parallel.threads();
        // At least two A blocks per thread, so that uneven blocks do not leave a core idle.
        int mc = Math.min(MC, roundUp(Math.max(1, (m + 2 * threads - 1) / (2 * threads)), MR));
        int[] columnMap = strideMap(bCs);
        int[] kMap = strideMap(aCs);
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            int panels = (nc + NR - 1) / NR;
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                int jcf = jc;
                int pcf = pc;
                Parallel.forRange(panels, Math.max(1, panels / threads), (from, to) -> {
                    for (int panel = from; panel < to; panel++) {
                        packB(
                                b,
                                bOff,
                                bRs,
                                bCs,
                                pcf,
                                kc,
                                jcf + panel * NR,
                                Math.min(NR, nc - panel * NR),
                                bPack,
                                panel * NR * kc,
                                columnMap);
                    }
                });
                // Later KC blocks continue the sum already in C: resuming the chain when alpha is 1
                // keeps every element one FMA chain; otherwise they add alpha * partial.
                boolean resume = pc > 0 && alpha == 1f;
                float betaHere = pc == 0 ? beta : 1f;
                float[] geluHere = pc + kc == k ? gelu : null;
                int blocks = (m + mc - 1) / mc;
                int mcf = mc;
                Parallel.forRange(blocks, 1, (from, to) -> {
                    float[] aPack = A_PANELS.take(MC * KC);
                    try {
                        for (int block = from; block < to; block++) {
                            int ic = block * mcf;
                            int rows = Math.min(mcf, m - ic);
                            packA(a, aOff, aRs, aCs, ic, rows, pcf, kc, aPack, kMap);
                            macroKernel(
                                    rows,
                                    nc,
                                    kc,
                                    alpha,
                                    aPack,
                                    bPack,
                                    betaHere,
                                    resume,
                                    bias,
                                    biasOff + jcf,
                                    c,
                                    cOff + ic * ldc + jcf,
                                    ldc,
                                    geluHere);
                        }
                    } finally {
                        A_PANELS.give(aPack);
                    }
                });
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    /**
     * Rows [ic, ic+rows) × k [pc, pc+kc) of A as MR-row micro-panels of MR·KC floats each; row i of a
     * panel starts at i·KC. Rows past the end of A are zero.
     */
    private static void packA(
            float[] a, int aOff, int aRs, int aCs, int ic, int rows, int pc, int kc, float[] dst, int[] kMap) {
        for (int i0 = 0; i0 < rows; i0 += MR) {
            int mr = Math.min(MR, rows - i0);
            int panel = i0 * KC;
            for (int i = 0; i < MR; i++) {
                int d = panel + i * KC;
                if (i >= mr) {
                    java.util.Arrays.fill(dst, d, d + kc, 0f);
                    continue;
                }
                int src = aOff + (ic + i0 + i) * aRs + pc * aCs;
                if (aCs == 1) {
                    System.arraycopy(a, src, dst, d, kc);
                    continue;
                }
                int p = 0;
                for (int bound = S.loopBound(kc); p < bound; p += L) {
                    FloatVector.fromArray(S, a, src + p * aCs, kMap, 0).intoArray(dst, d + p);
                }
                for (; p < kc; p++) {
                    dst[d + p] = a[src + p * aCs];
                }
            }
        }
    }

    /** k [pc, pc+kc) × columns [j0, j0+cols) of B as one NR-column panel: k, then column. */
    private static void packB(
            float[] b,
            int bOff,
            int bRs,
            int bCs,
            int pc,
            int kc,
            int j0,
            int cols,
            float[] dst,
            int d,
            int[] columnMap) {
        if (cols == NR && bCs != 1) {
            // Columns apart in memory (B is a transposed weight in a linear layer): one gather per
            // vector, three times the speed of element-by-element copies.
            int src = bOff + pc * bRs + j0 * bCs;
            for (int p = 0; p < kc; p++, src += bRs, d += NR) {
                FloatVector.fromArray(S, b, src, columnMap, 0).intoArray(dst, d);
                FloatVector.fromArray(S, b, src + L * bCs, columnMap, 0).intoArray(dst, d + L);
            }
            return;
        }
        for (int p = 0; p < kc; p++) {
            int src = bOff + (pc + p) * bRs + j0 * bCs;
            if (cols == NR) {
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

    /** Lane offsets {@code 0, stride, 2·stride, ...} for gathering one vector of strided floats. */
    private static int[] strideMap(int stride) {
        int[] map = new int[L];
        for (int i = 0; i < L; i++) {
            map[i] = i * stride;
        }
        return map;
    }

    /**
     * Runs the micro-kernel over every MR×NR tile of this block, strip by strip: one MR-row strip of A
     * (18 KiB, in L1) meets every micro-panel of B in turn, so each strip of C is written row by row from
     * left to right, the order hardware prefetchers and TLBs serve best. (Each B micro-panel meeting every
     * strip in turn wrote C in 128-byte pieces down hundreds of rows 6 KiB apart: 8192×384×1536 took 36
     * or 47 ms from one run to the next, a thread's band slow for seconds at a time; 30 ms in this order.)
     * The kernel has no branches in its loop:
     * each row of its tile starts from C itself (continuing a sum, or a product with beta 1), from the
     * bias row or from zeros, so C is not read before it is written unless it holds a sum already. Other
     * alpha/beta values and partial edge tiles go through a scratch tile and plain loops. (Branches on
     * alpha or beta inside the vector code made the JIT deoptimise it over and over when calls
     * alternated.) With {@code gelu} not null, each tile's GELU goes there as soon as the tile is done.
     */
    private static void macroKernel(
            int rows,
            int nc,
            int kc,
            float alpha,
            float[] aPack,
            float[] bPack,
            float beta,
            boolean resume,
            float[] bias,
            int biasOff,
            float[] c,
            int cOff,
            int ldc,
            float[] gelu) {
        boolean direct = resume || bias != null || (alpha == 1f && (beta == 0f || beta == 1f));
        // Where each row of a tile starts its sums: C (null), the bias row, or zeros.
        boolean fromBias = !resume && bias != null;
        float[] start = resume ? null : fromBias ? bias : beta == 0f ? ZEROS : null;
        float[] scratch = null;
        for (int i0 = 0; i0 < rows; i0 += MR) {
            int mr = Math.min(MR, rows - i0);
            for (int j0 = 0; j0 < nc; j0 += NR) {
                int nr = Math.min(NR, nc - j0);
                int startOff = fromBias ? biasOff + j0 : 0;
                int tile = cOff + i0 * ldc + j0;
                if (direct && mr == MR && nr == NR) {
                    tile(kc, aPack, i0 * KC, bPack, j0 * kc, c, tile, ldc, start, startOff);
                    geluTile(c, tile, ldc, mr, nr, gelu);
                    continue;
                }
                if (scratch == null) {
                    scratch = new float[MR * NR];
                }
                java.util.Arrays.fill(scratch, 0f);
                for (int i = 0; direct && i < mr; i++) {
                    if (start == null) {
                        System.arraycopy(c, tile + i * ldc, scratch, i * NR, nr);
                    } else if (fromBias) {
                        System.arraycopy(bias, startOff, scratch, i * NR, nr);
                    }
                }
                tile(kc, aPack, i0 * KC, bPack, j0 * kc, scratch, 0, NR, null, 0);
                for (int i = 0; i < mr; i++) {
                    int ci = tile + i * ldc;
                    if (direct) {
                        System.arraycopy(scratch, i * NR, c, ci, nr);
                        continue;
                    }
                    for (int j = 0; j < nr; j++) {
                        float v = alpha * scratch[i * NR + j];
                        c[ci + j] = beta == 0f ? v : Math.fma(beta, c[ci + j], v);
                    }
                }
                geluTile(c, tile, ldc, mr, nr, gelu);
            }
        }
    }

    /** GELU of the mr×nr tile of C at {@code tile} into {@code gelu} at the same places; nothing when null. */
    private static void geluTile(float[] c, int tile, int ldc, int mr, int nr, float[] gelu) {
        if (gelu == null) {
            return;
        }
        for (int i = 0; i < mr; i++) {
            ElementwiseVector.unary(UnaryOp.GELU, c, tile + i * ldc, gelu, tile + i * ldc, nr);
        }
    }

    /**
     * {@code tile = start + Apanel · Bpanel} for the MR×NR tile of {@code c} at {@code ci} (leading
     * dimension ldc), every row starting from {@code start[startOff ..]}, or from the tile itself when
     * {@code start} is null.
     */
    private static void tile(
            int kc,
            float[] aPack,
            int aIdx,
            float[] bPack,
            int bIdx,
            float[] c,
            int ci,
            int ldc,
            float[] start,
            int startOff) {
        boolean fromC = start == null;
        float[] init = fromC ? ZEROS : start;
        int initOff = fromC ? 0 : startOff;
        if (MR == 12) {
            microKernel12(kc, aPack, aIdx, bPack, bIdx, c, ci, ldc, fromC, init, initOff);
        } else {
            microKernel6(kc, aPack, aIdx, bPack, bIdx, c, ci, ldc, fromC, init, initOff);
        }
    }

    /** The 6-row register tile. */
    private static void microKernel6(
            int kc,
            float[] aPack,
            int aIdx,
            float[] bPack,
            int bIdx,
            float[] c,
            int ci,
            int ldc,
            boolean fromC,
            float[] init,
            int initOff) {
        FloatVector s0 = FloatVector.fromArray(S, init, initOff);
        FloatVector s1 = FloatVector.fromArray(S, init, initOff + L);
        FloatVector c00 = fromC ? FloatVector.fromArray(S, c, ci) : s0;
        FloatVector c01 = fromC ? FloatVector.fromArray(S, c, ci + L) : s1;
        FloatVector c10 = fromC ? FloatVector.fromArray(S, c, ci + ldc) : s0;
        FloatVector c11 = fromC ? FloatVector.fromArray(S, c, ci + ldc + L) : s1;
        FloatVector c20 = fromC ? FloatVector.fromArray(S, c, ci + 2 * ldc) : s0;
        FloatVector c21 = fromC ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : s1;
        FloatVector c30 = fromC ? FloatVector.fromArray(S, c, ci + 3 * ldc) : s0;
        FloatVector c31 = fromC ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : s1;
        FloatVector c40 = fromC ? FloatVector.fromArray(S, c, ci + 4 * ldc) : s0;
        FloatVector c41 = fromC ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : s1;
        FloatVector c50 = fromC ? FloatVector.fromArray(S, c, ci + 5 * ldc) : s0;
        FloatVector c51 = fromC ? FloatVector.fromArray(S, c, ci + 5 * ldc + L) : s1;
        int bp = bIdx;
        for (int ap = aIdx; ap < aIdx + kc; ap++, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bPack, bp);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, aPack[ap]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, aPack[ap + 1 * KC]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, aPack[ap + 2 * KC]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, aPack[ap + 3 * KC]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, aPack[ap + 4 * KC]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, aPack[ap + 5 * KC]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + L);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + L);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + L);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + L);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + L);
    }

    /** The 12-row register tile: 24 accumulators, 2 B vectors and an A broadcast in 32 registers. */
    private static void microKernel12(
            int kc,
            float[] aPack,
            int aIdx,
            float[] bPack,
            int bIdx,
            float[] c,
            int ci,
            int ldc,
            boolean fromC,
            float[] init,
            int initOff) {
        FloatVector s0 = FloatVector.fromArray(S, init, initOff);
        FloatVector s1 = FloatVector.fromArray(S, init, initOff + L);
        FloatVector c000 = fromC ? FloatVector.fromArray(S, c, ci) : s0;
        FloatVector c001 = fromC ? FloatVector.fromArray(S, c, ci + L) : s1;
        FloatVector c010 = fromC ? FloatVector.fromArray(S, c, ci + ldc) : s0;
        FloatVector c011 = fromC ? FloatVector.fromArray(S, c, ci + ldc + L) : s1;
        FloatVector c020 = fromC ? FloatVector.fromArray(S, c, ci + 2 * ldc) : s0;
        FloatVector c021 = fromC ? FloatVector.fromArray(S, c, ci + 2 * ldc + L) : s1;
        FloatVector c030 = fromC ? FloatVector.fromArray(S, c, ci + 3 * ldc) : s0;
        FloatVector c031 = fromC ? FloatVector.fromArray(S, c, ci + 3 * ldc + L) : s1;
        FloatVector c040 = fromC ? FloatVector.fromArray(S, c, ci + 4 * ldc) : s0;
        FloatVector c041 = fromC ? FloatVector.fromArray(S, c, ci + 4 * ldc + L) : s1;
        FloatVector c050 = fromC ? FloatVector.fromArray(S, c, ci + 5 * ldc) : s0;
        FloatVector c051 = fromC ? FloatVector.fromArray(S, c, ci + 5 * ldc + L) : s1;
        FloatVector c060 = fromC ? FloatVector.fromArray(S, c, ci + 6 * ldc) : s0;
        FloatVector c061 = fromC ? FloatVector.fromArray(S, c, ci + 6 * ldc + L) : s1;
        FloatVector c070 = fromC ? FloatVector.fromArray(S, c, ci + 7 * ldc) : s0;
        FloatVector c071 = fromC ? FloatVector.fromArray(S, c, ci + 7 * ldc + L) : s1;
        FloatVector c080 = fromC ? FloatVector.fromArray(S, c, ci + 8 * ldc) : s0;
        FloatVector c081 = fromC ? FloatVector.fromArray(S, c, ci + 8 * ldc + L) : s1;
        FloatVector c090 = fromC ? FloatVector.fromArray(S, c, ci + 9 * ldc) : s0;
        FloatVector c091 = fromC ? FloatVector.fromArray(S, c, ci + 9 * ldc + L) : s1;
        FloatVector c100 = fromC ? FloatVector.fromArray(S, c, ci + 10 * ldc) : s0;
        FloatVector c101 = fromC ? FloatVector.fromArray(S, c, ci + 10 * ldc + L) : s1;
        FloatVector c110 = fromC ? FloatVector.fromArray(S, c, ci + 11 * ldc) : s0;
        FloatVector c111 = fromC ? FloatVector.fromArray(S, c, ci + 11 * ldc + L) : s1;
        int bp = bIdx;
        for (int ap = aIdx; ap < aIdx + kc; ap++, bp += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bPack, bp);
            FloatVector b1 = FloatVector.fromArray(S, bPack, bp + L);
            FloatVector a0 = FloatVector.broadcast(S, aPack[ap]);
            c000 = a0.fma(b0, c000);
            c001 = a0.fma(b1, c001);
            FloatVector a1 = FloatVector.broadcast(S, aPack[ap + 1 * KC]);
            c010 = a1.fma(b0, c010);
            c011 = a1.fma(b1, c011);
            FloatVector a2 = FloatVector.broadcast(S, aPack[ap + 2 * KC]);
            c020 = a2.fma(b0, c020);
            c021 = a2.fma(b1, c021);
            FloatVector a3 = FloatVector.broadcast(S, aPack[ap + 3 * KC]);
            c030 = a3.fma(b0, c030);
            c031 = a3.fma(b1, c031);
            FloatVector a4 = FloatVector.broadcast(S, aPack[ap + 4 * KC]);
            c040 = a4.fma(b0, c040);
            c041 = a4.fma(b1, c041);
            FloatVector a5 = FloatVector.broadcast(S, aPack[ap + 5 * KC]);
            c050 = a5.fma(b0, c050);
            c051 = a5.fma(b1, c051);
            FloatVector a6 = FloatVector.broadcast(S, aPack[ap + 6 * KC]);
            c060 = a6.fma(b0, c060);
            c061 = a6.fma(b1, c061);
            FloatVector a7 = FloatVector.broadcast(S, aPack[ap + 7 * KC]);
            c070 = a7.fma(b0, c070);
            c071 = a7.fma(b1, c071);
            FloatVector a8 = FloatVector.broadcast(S, aPack[ap + 8 * KC]);
            c080 = a8.fma(b0, c080);
            c081 = a8.fma(b1, c081);
            FloatVector a9 = FloatVector.broadcast(S, aPack[ap + 9 * KC]);
            c090 = a9.fma(b0, c090);
            c091 = a9.fma(b1, c091);
            FloatVector a10 = FloatVector.broadcast(S, aPack[ap + 10 * KC]);
            c100 = a10.fma(b0, c100);
            c101 = a10.fma(b1, c101);
            FloatVector a11 = FloatVector.broadcast(S, aPack[ap + 11 * KC]);
            c110 = a11.fma(b0, c110);
            c111 = a11.fma(b1, c111);
        }
        c000.intoArray(c, ci);
        c001.intoArray(c, ci + L);
        c010.intoArray(c, ci + ldc);
        c011.intoArray(c, ci + ldc + L);
        c020.intoArray(c, ci + 2 * ldc);
        c021.intoArray(c, ci + 2 * ldc + L);
        c030.intoArray(c, ci + 3 * ldc);
        c031.intoArray(c, ci + 3 * ldc + L);
        c040.intoArray(c, ci + 4 * ldc);
        c041.intoArray(c, ci + 4 * ldc + L);
        c050.intoArray(c, ci + 5 * ldc);
        c051.intoArray(c, ci + 5 * ldc + L);
        c060.intoArray(c, ci + 6 * ldc);
        c061.intoArray(c, ci + 6 * ldc + L);
        c070.intoArray(c, ci + 7 * ldc);
        c071.intoArray(c, ci + 7 * ldc + L);
        c080.intoArray(c, ci + 8 * ldc);
        c081.intoArray(c, ci + 8 * ldc + L);
        c090.intoArray(c, ci + 9 * ldc);
        c091.intoArray(c, ci + 9 * ldc + L);
        c100.intoArray(c, ci + 10 * ldc);
        c101.intoArray(c, ci + 10 * ldc + L);
        c110.intoArray(c, ci + 11 * ldc);
        c111.intoArray(c, ci + 11 * ldc + L);
    }
}
