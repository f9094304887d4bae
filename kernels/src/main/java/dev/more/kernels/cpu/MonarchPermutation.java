package dev.more.kernels.cpu;

/**
 * The shuffles between and after the two block-diagonal factors of a Monarch/MoRe product. Each
 * row of {@code a·b} floats is read as an (a, b) matrix and written as its (b, a) transpose:
 * {@code dst[r, j·a + i] = src[r, i·b + j]}. MoRe's middle permutation is {@code (blkR, k) -> (k, blkR)}
 * and its output permutation {@code (k, outBlk) -> (outBlk, k)}.
 */
public final class MonarchPermutation {
    private MonarchPermutation() {}

    /** Transposes each of {@code rows} rows from (a, b) to (b, a). */
    public static void transposeRows(float[] src, int srcOff, int rows, int a, int b, float[] dst, int dstOff) {
        int n = a * b;
        Parallel.forRange(rows, Math.max(1, 65536 / Math.max(1, n)), (from, to) -> {
            for (int r = from; r < to; r++) {
                int s = srcOff + r * n;
                int d = dstOff + r * n;
                for (int i = 0; i < a; i++) {
                    for (int j = 0; j < b; j++) {
                        dst[d + j * a + i] = src[s + i * b + j];
                    }
                }
            }
        });
    }

    /** The position row element {@code i} moves to under {@link #transposeRows}{@code (a, b)}. */
    public static int destination(int i, int a, int b) {
        return (i % b) * a + i / b;
    }
}
