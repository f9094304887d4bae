package dev.more.adapters;

import dev.more.kernels.MoReShape;

/**
 * An independent reference for the MoRe product, written from the design's formulas: every step is
 * an explicit matrix in double — zero-padding P_in, block-diagonal B1, the middle permutation P1,
 * block-diagonal B2, the output permutation P2 and the truncation T — so that
 * {@code Δ(x) = T·P2·B2·P1·B1·P_in·x}. Matrices are double[rows][cols].
 */
final class DenseMoRe {
    final MoReShape s;
    final double[][] pad;
    final double[][] b1;
    final double[][] p1;
    final double[][] b2;
    final double[][] p2;
    final double[][] trunc;

    DenseMoRe(MoReShape s, float[] w1, float[] w2) {
        this.s = s;
        int k = s.blocks();
        int rank = s.blkR();
        pad = new double[s.paddedIn()][s.in()];
        for (int i = 0; i < s.in(); i++) {
            pad[i][i] = 1;
        }
        // h[j·blk_r + q] = Σ_p blkdiag1[j, q, p] · xpad[j·in_blk + p]
        b1 = new double[s.middle()][s.paddedIn()];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < rank; q++) {
                for (int p = 0; p < s.inBlk(); p++) {
                    b1[j * rank + q][j * s.inBlk() + p] = w1[(j * rank + q) * s.inBlk() + p];
                }
            }
        }
        // g[l, r] = h[r·k + l], g flattened as l·blk_r + r
        p1 = new double[s.middle()][s.middle()];
        for (int l = 0; l < k; l++) {
            for (int r = 0; r < rank; r++) {
                p1[l * rank + r][r * k + l] = 1;
            }
        }
        // o[l, s] = Σ_r blkdiag2[l, s, r] · g[l, r], o flattened as l·out_blk + s
        b2 = new double[s.paddedOut()][s.middle()];
        for (int l = 0; l < k; l++) {
            for (int row = 0; row < s.outBlk(); row++) {
                for (int r = 0; r < rank; r++) {
                    b2[l * s.outBlk() + row][l * rank + r] = w2[(l * s.outBlk() + row) * rank + r];
                }
            }
        }
        // Δ[s·k + l] = o[l, s]
        p2 = new double[s.paddedOut()][s.paddedOut()];
        for (int l = 0; l < k; l++) {
            for (int row = 0; row < s.outBlk(); row++) {
                p2[row * k + l][l * s.outBlk() + row] = 1;
            }
        }
        trunc = new double[s.out()][s.paddedOut()];
        for (int o = 0; o < s.out(); o++) {
            trunc[o][o] = 1;
        }
    }

    /** The (out × in) matrix of Δ. */
    double[][] matrix() {
        return mul(trunc, mul(p2, mul(b2, mul(p1, mul(b1, pad)))));
    }

    /** Δ of each row of x (rows × in). */
    double[][] forward(double[][] x) {
        return mul(x, transpose(matrix()));
    }

    /** d/dx of Σ g ⊙ Δ(x): g·M. */
    double[][] gradX(double[][] g) {
        return mul(g, matrix());
    }

    /** d/d blkdiag1 of Σ g ⊙ Δ(x), flat in blkdiag1's layout. */
    float[] gradBlkdiag1(double[][] x, double[][] g) {
        double[][] after = mul(trunc, mul(p2, mul(b2, p1))); // out × middle
        double[][] full = mul(mul(transpose(after), transpose(g)), mul(x, transpose(pad))); // middle × paddedIn
        float[] out = new float[s.blkdiag1Size()];
        for (int j = 0; j < s.blocks(); j++) {
            for (int q = 0; q < s.blkR(); q++) {
                for (int p = 0; p < s.inBlk(); p++) {
                    out[(j * s.blkR() + q) * s.inBlk() + p] = (float) full[j * s.blkR() + q][j * s.inBlk() + p];
                }
            }
        }
        return out;
    }

    /** d/d blkdiag2 of Σ g ⊙ Δ(x), flat in blkdiag2's layout. */
    float[] gradBlkdiag2(double[][] x, double[][] g) {
        double[][] before = mul(p1, mul(b1, pad)); // middle × in
        double[][] full = mul(mul(transpose(mul(trunc, p2)), transpose(g)), mul(x, transpose(before)));
        float[] out = new float[s.blkdiag2Size()];
        for (int l = 0; l < s.blocks(); l++) {
            for (int row = 0; row < s.outBlk(); row++) {
                for (int r = 0; r < s.blkR(); r++) {
                    out[(l * s.outBlk() + row) * s.blkR() + r] = (float) full[l * s.outBlk() + row][l * s.blkR() + r];
                }
            }
        }
        return out;
    }

    static double[][] mul(double[][] a, double[][] b) {
        int n = a.length;
        int m = b[0].length;
        int inner = b.length;
        double[][] c = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < inner; t++) {
                double v = a[i][t];
                if (v != 0) {
                    for (int j = 0; j < m; j++) {
                        c[i][j] += v * b[t][j];
                    }
                }
            }
        }
        return c;
    }

    static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    static double[][] rows(float[] flat, int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i][j] = flat[i * cols + j];
            }
        }
        return out;
    }

    static float[] flat(double[][] a) {
        float[] out = new float[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i * a[0].length + j] = (float) a[i][j];
            }
        }
        return out;
    }
}
