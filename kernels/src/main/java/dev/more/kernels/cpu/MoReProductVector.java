package dev.more.kernels.cpu;

import dev.more.kernels.MoReShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Fused, vectorised bodies of {@link MoReProduct}. Per row: the first factor is k·blkR dot products
 * over x's blocks; the middle permutation and the output interleave become a layout of the second
 * factor, {@code w2p[r, J] = blkdiag2[J mod k, J div k, r]}, so that the output row is
 * {@code Δ[J] = Σ_r w2p[r, J] · g[J mod k, r]}: a few FMAs per vector of outputs, with
 * {@code g[J mod k, r]} a lane pattern that repeats every vector when k divides the lane count
 * (otherwise the output step runs scalar).
 */
final class MoReProductVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final int L = S.length();
    private static final int ROW_GRAIN = 32;

    private MoReProductVector() {}

    /** {@code w2p[r·P + J] = w2[(J mod k)·outBlk·blkR + (J div k)·blkR + r]}, P = k·outBlk. */
    private static float[] interleavedSecondFactor(MoReShape s, float[] w2, int w2Off) {
        int k = s.blocks();
        int p = s.paddedOut();
        float[] w2p = new float[s.blkR() * p];
        for (int r = 0; r < s.blkR(); r++) {
            for (int j = 0; j < p; j++) {
                w2p[r * p + j] = w2[w2Off + ((j % k) * s.outBlk() + j / k) * s.blkR() + r];
            }
        }
        return w2p;
    }

    static void forward(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] out,
            int outOff,
            float[] middle) {
        float[] w2p = interleavedSecondFactor(s, w2, w2Off);
        int m = s.middle();
        Parallel.forRange(rows, ROW_GRAIN, (from, to) -> {
            float[] h = new float[m];
            float[] pattern = new float[s.blkR() * L];
            for (int r = from; r < to; r++) {
                middleRow(s, x, xOff + r * s.in(), w1, w1Off, h);
                if (middle != null) {
                    System.arraycopy(h, 0, middle, r * m, m);
                }
                outputRow(s, h, w2p, pattern, out, outOff + r * s.out());
            }
        });
    }

    /** Stage 1: {@code h[j·blkR + q] = blkdiag1[j, q, :] · x[j·inBlk : ...]}, the padding skipped. */
    private static void middleRow(MoReShape s, float[] x, int xi, float[] w1, int w1Off, float[] h) {
        int inBlk = s.inBlk();
        int blkR = s.blkR();
        for (int j = 0; j < s.blocks(); j++) {
            int start = j * inBlk;
            int len = Math.min(inBlk, s.in() - start);
            int bound = S.loopBound(len);
            int xs = xi + start;
            for (int q = 0; q < blkR; q++) {
                int wr = w1Off + (j * blkR + q) * inBlk;
                FloatVector acc = FloatVector.zero(S);
                int p = 0;
                for (; p < bound; p += L) {
                    acc = FloatVector.fromArray(S, w1, wr + p).fma(FloatVector.fromArray(S, x, xs + p), acc);
                }
                float sum = VectorWidth.sumLanes(acc);
                for (; p < len; p++) {
                    sum = Math.fma(w1[wr + p], x[xs + p], sum);
                }
                h[j * blkR + q] = sum;
            }
        }
    }

    /**
     * For each r, the lanes {@code g[t mod k, r] = h[r·k + t mod k]}; valid when k divides L. (Runs once
     * per row: stepping t by k avoids a division per lane, which had cost more than the row's arithmetic.)
     */
    private static void fillPatterns(MoReShape s, float[] h, float[] pattern) {
        int k = s.blocks();
        for (int r = 0; r < s.blkR(); r++) {
            for (int t0 = 0; t0 < L; t0 += k) {
                System.arraycopy(h, r * k, pattern, r * L + t0, k);
            }
        }
    }

    /** Stages 2-4: {@code Δ[J] = Σ_r w2p[r, J] · g[J mod k, r]} for J below out. */
    private static void outputRow(MoReShape s, float[] h, float[] w2p, float[] pattern, float[] out, int oi) {
        int k = s.blocks();
        int blkR = s.blkR();
        int p = s.paddedOut();
        int n = s.out();
        int j = 0;
        if (L % k == 0) {
            fillPatterns(s, h, pattern);
            for (int bound = S.loopBound(n); j < bound; j += L) {
                FloatVector acc = FloatVector.zero(S);
                for (int r = 0; r < blkR; r++) {
                    acc = FloatVector.fromArray(S, w2p, r * p + j).fma(FloatVector.fromArray(S, pattern, r * L), acc);
                }
                acc.intoArray(out, oi + j);
            }
        }
        for (; j < n; j++) {
            float acc = 0f;
            for (int r = 0; r < blkR; r++) {
                acc = Math.fma(w2p[r * p + j], h[r * k + j % k], acc);
            }
            out[oi + j] = acc;
        }
    }

    static void backward(
            MoReShape s,
            float[] x,
            int xOff,
            int rows,
            float[] w1,
            int w1Off,
            float[] w2,
            int w2Off,
            float[] middle,
            float[] dOut,
            int dOutOff,
            float[] dx,
            int dxOff,
            float[] dw1,
            float[] dw2) {
        float[] w2p = interleavedSecondFactor(s, w2, w2Off);
        int m = s.middle();
        int p = s.paddedOut();
        // Weight gradients are summed per chunk of rows, then the chunks in order: the result depends
        // on the thread count (as the chunks do) but not on scheduling.
        int chunks = Math.max(1, Math.min(Parallel.threads(), rows / ROW_GRAIN));
        float[][] dw1Parts = new float[chunks][s.blkdiag1Size()];
        float[][] dw2pParts = new float[chunks][s.blkR() * p];
        boolean pairs = L % s.blocks() == 0;
        Parallel.forRange(chunks, 1, (c0, c1) -> {
            float[] h = new float[m];
            float[] h2 = new float[m];
            float[] dh = new float[m];
            float[] dh2 = new float[m];
            float[] pattern = new float[s.blkR() * L];
            float[] pattern2 = new float[s.blkR() * L];
            float[] lanes = new float[L];
            for (int c = c0; c < c1; c++) {
                int from = (int) ((long) rows * c / chunks);
                int to = (int) ((long) rows * (c + 1) / chunks);
                int r = from;
                // Two rows at a time share each load of W2 and of the dW2 partial: with a wide output
                // (24 KiB each for 1536) they no longer stayed in L1 from one row to the next.
                for (; pairs && r + 1 < to; r += 2) {
                    middleOf(s, x, xOff, r, w1, w1Off, middle, h);
                    middleOf(s, x, xOff, r + 1, w1, w1Off, middle, h2);
                    middleGradientPair(
                            s,
                            h,
                            h2,
                            dOut,
                            dOutOff + r * s.out(),
                            dOutOff + (r + 1) * s.out(),
                            w2p,
                            pattern,
                            pattern2,
                            lanes,
                            dw2pParts[c],
                            dh,
                            dh2);
                    inputGradients(
                            s,
                            x,
                            xOff + r * s.in(),
                            w1,
                            w1Off,
                            dh,
                            dw1Parts[c],
                            dx,
                            dx == null ? 0 : dxOff + r * s.in());
                    inputGradients(
                            s,
                            x,
                            xOff + (r + 1) * s.in(),
                            w1,
                            w1Off,
                            dh2,
                            dw1Parts[c],
                            dx,
                            dx == null ? 0 : dxOff + (r + 1) * s.in());
                }
                for (; r < to; r++) {
                    middleOf(s, x, xOff, r, w1, w1Off, middle, h);
                    middleGradient(s, h, dOut, dOutOff + r * s.out(), w2p, pattern, lanes, dw2pParts[c], dh);
                    inputGradients(
                            s,
                            x,
                            xOff + r * s.in(),
                            w1,
                            w1Off,
                            dh,
                            dw1Parts[c],
                            dx,
                            dx == null ? 0 : dxOff + r * s.in());
                }
            }
        });
        sumParts(dw1Parts, dw1);
        float[] dw2p = new float[s.blkR() * p];
        sumParts(dw2pParts, dw2p);
        int k = s.blocks();
        for (int l = 0; l < k; l++) {
            for (int o = 0; o < s.outBlk(); o++) {
                for (int r = 0; r < s.blkR(); r++) {
                    int j = o * k + l;
                    dw2[(l * s.outBlk() + o) * s.blkR() + r] = j < s.out() ? dw2p[r * p + j] : 0f;
                }
            }
        }
    }

    /** Row r's h: from the forward pass's {@code middle} when kept, else computed again. */
    private static void middleOf(
            MoReShape s, float[] x, int xOff, int r, float[] w1, int w1Off, float[] middle, float[] h) {
        if (middle != null) {
            System.arraycopy(middle, r * s.middle(), h, 0, s.middle());
        } else {
            middleRow(s, x, xOff + r * s.in(), w1, w1Off, h);
        }
    }

    /**
     * {@link #middleGradient} for rows a and b (the next one) together, when k divides L: each element of
     * dw2p takes a's term, then b's, as the two rows one after the other would give it, bit for bit.
     */
    private static void middleGradientPair(
            MoReShape s,
            float[] ha,
            float[] hb,
            float[] dOut,
            int da,
            int db,
            float[] w2p,
            float[] patternA,
            float[] patternB,
            float[] lanes,
            float[] dw2p,
            float[] dha,
            float[] dhb) {
        int k = s.blocks();
        int p = s.paddedOut();
        int n = s.out();
        int bound = S.loopBound(n);
        fillPatterns(s, ha, patternA);
        fillPatterns(s, hb, patternB);
        for (int r = 0; r < s.blkR(); r++) {
            int row = r * p;
            FloatVector accA = FloatVector.zero(S);
            FloatVector accB = FloatVector.zero(S);
            FloatVector ga = FloatVector.fromArray(S, patternA, r * L);
            FloatVector gb = FloatVector.fromArray(S, patternB, r * L);
            for (int j = 0; j < bound; j += L) {
                FloatVector a = FloatVector.fromArray(S, dOut, da + j);
                FloatVector b = FloatVector.fromArray(S, dOut, db + j);
                FloatVector w = FloatVector.fromArray(S, w2p, row + j);
                b.fma(gb, a.fma(ga, FloatVector.fromArray(S, dw2p, row + j))).intoArray(dw2p, row + j);
                accA = w.fma(a, accA);
                accB = w.fma(b, accB);
            }
            foldLanes(accA, lanes, dha, r * k, k);
            foldLanes(accB, lanes, dhb, r * k, k);
            for (int j = bound; j < n; j++) {
                float a = dOut[da + j];
                float b = dOut[db + j];
                dw2p[row + j] = Math.fma(b, hb[r * k + j % k], Math.fma(a, ha[r * k + j % k], dw2p[row + j]));
                dha[r * k + j % k] = Math.fma(w2p[row + j], a, dha[r * k + j % k]);
                dhb[r * k + j % k] = Math.fma(w2p[row + j], b, dhb[r * k + j % k]);
            }
        }
    }

    /** {@code dh[at + l] = } the sum of acc's lanes t with t mod k = l, in increasing t. */
    private static void foldLanes(FloatVector acc, float[] lanes, float[] dh, int at, int k) {
        acc.intoArray(lanes, 0);
        java.util.Arrays.fill(dh, at, at + k, 0f);
        for (int t0 = 0; t0 < L; t0 += k) {
            for (int l = 0; l < k; l++) {
                dh[at + l] += lanes[t0 + l];
            }
        }
    }

    /**
     * Stages 4-2 backwards for one row: accumulates {@code dw2p[r, J] += dΔ[J] · g[J mod k, r]} and
     * writes {@code dh[r·k + l] = Σ_{J mod k = l} w2p[r, J] · dΔ[J]}.
     */
    private static void middleGradient(
            MoReShape s,
            float[] h,
            float[] dOut,
            int di,
            float[] w2p,
            float[] pattern,
            float[] lanes,
            float[] dw2p,
            float[] dh) {
        int k = s.blocks();
        int p = s.paddedOut();
        int n = s.out();
        boolean vector = L % k == 0;
        int bound = vector ? S.loopBound(n) : 0;
        if (vector) {
            fillPatterns(s, h, pattern);
        }
        for (int r = 0; r < s.blkR(); r++) {
            int row = r * p;
            FloatVector acc = FloatVector.zero(S);
            FloatVector g = vector ? FloatVector.fromArray(S, pattern, r * L) : null;
            for (int j = 0; j < bound; j += L) {
                FloatVector d = FloatVector.fromArray(S, dOut, di + j);
                d.fma(g, FloatVector.fromArray(S, dw2p, row + j)).intoArray(dw2p, row + j);
                acc = FloatVector.fromArray(S, w2p, row + j).fma(d, acc);
            }
            if (vector) {
                foldLanes(acc, lanes, dh, r * k, k);
            } else {
                java.util.Arrays.fill(dh, r * k, r * k + k, 0f);
            }
            for (int j = bound; j < n; j++) {
                float d = dOut[di + j];
                dw2p[row + j] = Math.fma(d, h[r * k + j % k], dw2p[row + j]);
                dh[r * k + j % k] = Math.fma(w2p[row + j], d, dh[r * k + j % k]);
            }
        }
    }

    /**
     * Stage 1 backwards for one row: {@code dw1 += dh ⊗ x} per block and {@code dx = blkdiag1ᵀ · dh}, in
     * one pass over each block's x (each chunk of x is loaded once for every q and for dx).
     */
    private static void inputGradients(
            MoReShape s, float[] x, int xi, float[] w1, int w1Off, float[] dh, float[] dw1, float[] dx, int dxi) {
        int inBlk = s.inBlk();
        int blkR = s.blkR();
        for (int j = 0; j < s.blocks(); j++) {
            int start = j * inBlk;
            int len = Math.min(inBlk, s.in() - start);
            int bound = S.loopBound(len);
            int xs = xi + start;
            int rowBase = j * blkR;
            int e = 0;
            for (; e < bound; e += L) {
                FloatVector xv = FloatVector.fromArray(S, x, xs + e);
                FloatVector acc = FloatVector.zero(S);
                for (int q = 0; q < blkR; q++) {
                    int at = (rowBase + q) * inBlk + e;
                    FloatVector coef = FloatVector.broadcast(S, dh[rowBase + q]);
                    xv.fma(coef, FloatVector.fromArray(S, dw1, at)).intoArray(dw1, at);
                    acc = FloatVector.fromArray(S, w1, w1Off + at).fma(coef, acc);
                }
                if (dx != null) {
                    acc.intoArray(dx, dxi + start + e);
                }
            }
            for (; e < len; e++) {
                float acc = 0f;
                for (int q = 0; q < blkR; q++) {
                    int at = (rowBase + q) * inBlk + e;
                    dw1[at] = Math.fma(x[xs + e], dh[rowBase + q], dw1[at]);
                    acc = Math.fma(w1[w1Off + at], dh[rowBase + q], acc);
                }
                if (dx != null) {
                    dx[dxi + start + e] = acc;
                }
            }
        }
    }

    private static void sumParts(float[][] parts, float[] dst) {
        java.util.Arrays.fill(dst, 0, parts[0].length, 0f);
        for (float[] part : parts) {
            for (int i = 0; i < part.length; i++) {
                dst[i] += part[i];
            }
        }
    }
}
