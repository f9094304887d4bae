package dev.more.kernels.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Shapes and strided views as the kernels take them: the structs {@code Shape} (rank, dims) and
 * {@code View} (offset, strides) of {@code common.cl}, padded to {@link #MAX_RANK}. Before packing,
 * {@link #coalesce} drops size-1 dimensions and merges neighbours that every operand walks as one,
 * so most views reach the kernels with rank 1 or 2.
 */
public final class ClStrides {
    /** The most dimensions a kernel struct holds ({@code MAX_RANK} in common.cl). */
    public static final int MAX_RANK = 8;

    private ClStrides() {}

    /**
     * A shape walked by several operands at once, each with its strides.
     *
     * @param shape the dimensions
     * @param strides per operand, one stride per dimension
     */
    public record Walk(int[] shape, int[][] strides) {
        /** The elements walked. */
        public int numel() {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            return n;
        }

        /** The {@code Shape} struct. */
        public int[] shapeStruct() {
            return ClStrides.shapeStruct(shape);
        }

        /** The {@code View} struct of operand {@code operand} starting at {@code offset}. */
        public int[] view(int operand, int offset) {
            return ClStrides.viewStruct(offset, strides[operand]);
        }
    }

    /** {@code shape} walked by operands with {@code strides}, simplified (same elements, same order). */
    public static Walk coalesce(int[] shape, int[]... strides) {
        List<Integer> dims = new ArrayList<>();
        List<int[]> steps = new ArrayList<>();
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            int[] s = new int[strides.length];
            for (int o = 0; o < strides.length; o++) {
                s[o] = strides[o][d];
            }
            int last = dims.size() - 1;
            if (last >= 0 && mergeable(dims.get(last), steps.get(last), shape[d], s)) {
                dims.set(last, dims.get(last) * shape[d]);
                steps.set(last, s);
            } else {
                dims.add(shape[d]);
                steps.add(s);
            }
        }
        if (dims.size() > MAX_RANK) {
            throw new OpenClException("a view of shape " + Arrays.toString(shape) + " has " + dims.size()
                    + " dimensions that cannot be merged; the OpenCL kernels take at most " + MAX_RANK);
        }
        int[] outShape = dims.stream().mapToInt(Integer::intValue).toArray();
        int[][] outStrides = new int[strides.length][outShape.length];
        for (int d = 0; d < outShape.length; d++) {
            for (int o = 0; o < strides.length; o++) {
                outStrides[o][d] = steps.get(d)[o];
            }
        }
        return new Walk(outShape, outStrides);
    }

    /** True when a dimension of {@code outer} with steps {@code outerSteps} continues into the next one. */
    private static boolean mergeable(int outer, int[] outerSteps, int inner, int[] innerSteps) {
        for (int o = 0; o < outerSteps.length; o++) {
            if ((long) outerSteps[o] != (long) innerSteps[o] * inner) {
                return false;
            }
        }
        return outer > 0;
    }

    /** The {@code Shape} struct for {@code dims} (rank then dims, padded with 1). */
    public static int[] shapeStruct(int[] dims) {
        if (dims.length > MAX_RANK) {
            throw new OpenClException("shape " + Arrays.toString(dims) + " has more than " + MAX_RANK + " dimensions");
        }
        int[] s = new int[1 + MAX_RANK];
        Arrays.fill(s, 1);
        s[0] = dims.length;
        System.arraycopy(dims, 0, s, 1, dims.length);
        return s;
    }

    /** The {@code View} struct (offset then strides, padded with 0). */
    public static int[] viewStruct(int offset, int[] strides) {
        if (strides.length > MAX_RANK) {
            throw new OpenClException("a view with " + strides.length + " strides exceeds " + MAX_RANK);
        }
        int[] v = new int[1 + MAX_RANK];
        v[0] = offset;
        System.arraycopy(strides, 0, v, 1, strides.length);
        return v;
    }
}
