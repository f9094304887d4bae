package dev.more.kernels.cpu;

import dev.more.kernels.BinaryOp;

/**
 * Sums of rows gathered from several tables, row by row: {@code out[i] = t0[r0[i]] + t1[r1[i]] + ...},
 * added left to right, as a chain of lookups and elementwise adds would round it. A transformer's input
 * embeddings (token, position, token type) in one pass that writes one array, where the lookups and adds
 * wrote one each and read them back.
 */
public final class GatheredRows {
    private GatheredRows() {}

    /**
     * Row i of {@code out} (n floats from {@code i·n}) is the sum over tables t, in order, of row {@code rows[t][i]}
     * of table t (rows of n floats from {@code offsets[t]}). Every {@code rows[t]} has one length, the row count.
     */
    public static void sum(float[][] tables, int[] offsets, int[][] rows, int n, float[] out) {
        boolean simd = Simd.enabled();
        Parallel.forRange(rows[0].length, Parallel.rowsPerTask(n), (from, to) -> {
            for (int i = from; i < to; i++) {
                int o = i * n;
                System.arraycopy(tables[0], offsets[0] + rows[0][i] * n, out, o, n);
                for (int t = 1; t < tables.length; t++) {
                    int src = offsets[t] + rows[t][i] * n;
                    if (simd) {
                        ElementwiseVector.binary(BinaryOp.ADD, out, o, 1, tables[t], src, 1, out, o, n);
                        continue;
                    }
                    for (int j = 0; j < n; j++) {
                        out[o + j] += tables[t][src + j];
                    }
                }
            }
        });
    }
}
