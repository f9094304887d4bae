package dev.more.kernels.cpu;

import java.util.Arrays;

/**
 * Walks the rows of up to three strided operands that share one shape, after merging the dimensions
 * that every operand lays out contiguously. Merging turns most views into a single long row, so the
 * innermost loop (where the vectorised kernels run) is as long as the layouts allow.
 *
 * <p>Usage: {@code for (Strides w = Strides.walk(shape, sa, sb); w.hasRow(); w.nextRow()) {...}},
 * reading {@link #offset(int)} for each operand's row start, {@link #rowLength()} and
 * {@link #rowStride(int)}.
 */
public final class Strides {
    private final int[] outerShape;
    private final int[][] outerStrides;
    private final int rowLength;
    private final int[] rowStrides;
    private final int[] index;
    private final int[] offsets;
    private long rowsLeft;

    private Strides(int[] shape, int[][] strides, int[] baseOffsets) {
        int rank = shape.length;
        int operands = strides.length;
        this.rowLength = rank == 0 ? 1 : shape[rank - 1];
        this.rowStrides = new int[operands];
        this.outerShape = Arrays.copyOf(shape, Math.max(0, rank - 1));
        this.outerStrides = new int[operands][];
        for (int o = 0; o < operands; o++) {
            rowStrides[o] = rank == 0 ? 0 : strides[o][rank - 1];
            outerStrides[o] = Arrays.copyOf(strides[o], Math.max(0, rank - 1));
        }
        this.index = new int[outerShape.length];
        this.offsets = baseOffsets.clone();
        long rows = rowLength == 0 ? 0 : 1;
        for (int d : outerShape) {
            rows *= d;
        }
        this.rowsLeft = rows;
    }

    /**
     * Starts a walk over {@code shape} for operands with the given strides and base offsets.
     *
     * @param shape the common shape
     * @param strides one stride array per operand, each as long as {@code shape}
     * @param offsets one base offset per operand
     */
    public static Strides walk(int[] shape, int[][] strides, int[] offsets) {
        int operands = strides.length;
        int[] mergedShape = new int[shape.length];
        int[][] merged = new int[operands][shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            if (rank > 0 && mergeable(merged, rank - 1, strides, d, shape[d])) {
                mergedShape[rank - 1] *= shape[d];
                for (int o = 0; o < operands; o++) {
                    merged[o][rank - 1] = strides[o][d];
                }
                continue;
            }
            mergedShape[rank] = shape[d];
            for (int o = 0; o < operands; o++) {
                merged[o][rank] = strides[o][d];
            }
            rank++;
        }
        boolean empty = Arrays.stream(shape).anyMatch(n -> n == 0);
        if (empty) {
            return new Strides(new int[] {0}, zeros(operands, 1), offsets);
        }
        if (rank == 0) {
            return new Strides(new int[] {1}, zeros(operands, 1), offsets);
        }
        int[] s = Arrays.copyOf(mergedShape, rank);
        int[][] st = new int[operands][];
        for (int o = 0; o < operands; o++) {
            st[o] = Arrays.copyOf(merged[o], rank);
        }
        return new Strides(s, st, offsets);
    }

    private static boolean mergeable(int[][] merged, int prev, int[][] strides, int d, int size) {
        for (int o = 0; o < strides.length; o++) {
            if ((long) merged[o][prev] != (long) strides[o][d] * size) {
                return false;
            }
        }
        return true;
    }

    private static int[][] zeros(int operands, int rank) {
        return new int[operands][rank];
    }

    /** True while a row remains. */
    public boolean hasRow() {
        return rowsLeft > 0;
    }

    /** Elements in each row. */
    public int rowLength() {
        return rowLength;
    }

    /** The element stride of operand {@code o} along a row. */
    public int rowStride(int o) {
        return rowStrides[o];
    }

    /** Where operand {@code o}'s current row starts. */
    public int offset(int o) {
        return offsets[o];
    }

    /** Moves to the next row. */
    public void nextRow() {
        rowsLeft--;
        for (int d = outerShape.length - 1; d >= 0; d--) {
            index[d]++;
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] += outerStrides[o][d];
            }
            if (index[d] < outerShape[d]) {
                return;
            }
            for (int o = 0; o < offsets.length; o++) {
                offsets[o] -= outerStrides[o][d] * outerShape[d];
            }
            index[d] = 0;
        }
    }
}
