package dev.more.kernels.cpu;

import dev.more.kernels.MoReShape;

/**
 * An independent reference for the MoRe product: the explicit dense matrices of DESIGN.md's
 * construction in double precision, {@code ΔW = P_out · BD2 · P_mid · BD1} on the padded sizes, with
 * permutation matrices built element by element. Slow and obvious on purpose.
 */
final class DenseMoRe {
    final MoReShape s;
    /** (k·blkR) × (k·inBlk) block-diagonal. */
    final double[][] bd1;
    /** (k·outBlk) × (k·blkR) block-diagonal. */
    final double[][] bd2;
    /** (k·blkR) square: the middle permutation, g = pMid · h. */
    final double[][] pMid;
    /** (k·outBlk) square: the output permutation, Δ = pOut · o. */
    final double[][] pOut;

    DenseMoRe(MoReShape s, float[] w1, float[] w2) {
        this.s = s;
        int k = s.blocks();
        int m = s.middle();
        bd1 = new double[m][s.paddedIn()];
        bd2 = new double[s.paddedOut()][m];
        for (int j = 0; j < k; j++) {
            for (int q = 0; q < s.blkR(); q++) {
                for (int p = 0; p < s.inBlk(); p++) {
                    bd1[j * s.blkR() + q][j * s.inBlk() + p] = w1[(j * s.blkR() + q) * s.inBlk() + p];
                }
            }
            for (int o = 0; o < s.outBlk(); o++) {
                for (int r = 0; r < s.blkR(); r++) {
                    bd2[j * s.outBlk() + o][j * s.blkR() + r] = w2[(j * s.outBlk() + o) * s.blkR() + r];
                }
            }
        }
        // g[l·blkR + r] = h[r·k + l]
        pMid = new double[m][m];
        for (int l = 0; l < k; l++) {
            for (int r = 0; r < s.blkR(); r++) {
                pMid[l * s.blkR() + r][r * k + l] = 1;
            }
        }
        // Δ[o·k + l] = o[l·outBlk + o]
        pOut = new double[s.paddedOut()][s.paddedOut()];
        for (int l = 0; l < k; l++) {
            for (int o = 0; o < s.outBlk(); o++) {
                pOut[o * k + l][l * s.outBlk() + o] = 1;
            }
        }
    }

    /** ΔW restricted to the real (unpadded) sizes: out × in. */
    double[][] deltaW() {
        double[][] full = multiply(pOut, multiply(bd2, multiply(pMid, bd1)));
        double[][] w = new double[s.out()][s.in()];
        for (int i = 0; i < s.out(); i++) {
            System.arraycopy(full[i], 0, w[i], 0, s.in());
        }
        return w;
    }

    /** Δ = x · ΔWᵀ for rows of x. */
    double[] apply(float[] x, int rows) {
        double[][] w = deltaW();
        double[] out = new double[rows * s.out()];
        for (int r = 0; r < rows; r++) {
            for (int i = 0; i < s.out(); i++) {
                double acc = 0;
                for (int c = 0; c < s.in(); c++) {
                    acc += w[i][c] * x[r * s.in() + c];
                }
                out[r * s.out() + i] = acc;
            }
        }
        return out;
    }

    /** Gradients {dx, dw1, dw2} of {@code sum(Δ · dOut)} by the chain rule on the dense matrices. */
    double[][] gradients(float[] x, float[] dOut, int rows) {
        double[][] w = deltaW();
        double[][] upper = multiply(pOut, bd2); // Δpad = upper · (pMid · bd1 · xpad)
        double[][] lower = multiply(pMid, bd1); // g = lower · xpad
        double[] dx = new double[rows * s.in()];
        double[] dw1 = new double[s.blkdiag1Size()];
        double[] dw2 = new double[s.blkdiag2Size()];
        int k = s.blocks();
        for (int r = 0; r < rows; r++) {
            double[] xpad = new double[s.paddedIn()];
            for (int c = 0; c < s.in(); c++) {
                xpad[c] = x[r * s.in() + c];
            }
            double[] d = new double[s.paddedOut()];
            for (int i = 0; i < s.out(); i++) {
                d[i] = dOut[r * s.out() + i];
            }
            for (int c = 0; c < s.in(); c++) {
                for (int i = 0; i < s.out(); i++) {
                    dx[r * s.in() + c] += w[i][c] * d[i];
                }
            }
            double[] dOo = multiplyTransposed(pOut, d); // dL/do = pOutᵀ d
            double[] dG = multiplyTransposed(upper, d); // dL/dg = upperᵀ d
            double[] dH = multiplyTransposed(pMid, dG); // dL/dh = pMidᵀ dG
            double[] g = multiply(lower, xpad);
            for (int j = 0; j < k; j++) {
                for (int q = 0; q < s.blkR(); q++) {
                    for (int p = 0; p < s.inBlk(); p++) {
                        dw1[(j * s.blkR() + q) * s.inBlk() + p] += dH[j * s.blkR() + q] * xpad[j * s.inBlk() + p];
                    }
                }
                for (int o = 0; o < s.outBlk(); o++) {
                    for (int rr = 0; rr < s.blkR(); rr++) {
                        dw2[(j * s.outBlk() + o) * s.blkR() + rr] += dOo[j * s.outBlk() + o] * g[j * s.blkR() + rr];
                    }
                }
            }
        }
        return new double[][] {dx, dw1, dw2};
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int p = 0; p < b.length; p++) {
                if (a[i][p] != 0) {
                    for (int j = 0; j < b[0].length; j++) {
                        c[i][j] += a[i][p] * b[p][j];
                    }
                }
            }
        }
        return c;
    }

    private static double[] multiply(double[][] a, double[] v) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < v.length; j++) {
                out[i] += a[i][j] * v[j];
            }
        }
        return out;
    }

    private static double[] multiplyTransposed(double[][] a, double[] v) {
        double[] out = new double[a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < out.length; j++) {
                out[j] += a[i][j] * v[i];
            }
        }
        return out;
    }
}
