package dev.more.kernels.opencl;

import java.util.Arrays;

/**
 * Row selection (an embedding lookup) and its backward, gather and its backward, on the device. Every
 * sum adds its terms in the CPU backend's order, so these results equal the CPU's bit for bit.
 */
public final class ClIndexing {
    private static final String FILE = "indexing.cl";

    private ClIndexing() {}

    /** Rows {@code indices} of a contiguous (rows, rowLength) block starting at {@code offset}. */
    public static ClBuffer indexSelect(ClRuntime rt, ClBuffer x, int offset, int rowLength, int[] indices) {
        ClBuffer out = rt.allocate(indices.length * rowLength);
        if (indices.length == 0 || rowLength == 0) {
            return out;
        }
        ClKernel k = rt.kernel(FILE, "index_select_rows", "");
        k.launch()
                .arg(x)
                .arg(offset)
                .arg(rowLength)
                .arg(rt.upload(indices))
                .arg(indices.length)
                .arg(out)
                .run(new long[] {rowLength, indices.length}, new long[] {k.powerOfTwoGroup(rowLength, 64), 1});
        return out;
    }

    /**
     * A zero (rows, rowLength) block whose row {@code indices[i]} accumulates row i of the contiguous
     * {@code src} (from {@code offset}), repeated indices adding in increasing i.
     */
    public static ClBuffer indexAdd(ClRuntime rt, ClBuffer src, int offset, int rowLength, int[] indices, int rows) {
        ClBuffer out = rt.zeros(rows * rowLength);
        if (indices.length == 0 || rowLength == 0) {
            return out;
        }
        // Group the sources by target on the host (the indices are host data): targets, and for each
        // its run [starts[t], starts[t+1]) of source rows in increasing order.
        Integer[] order = new Integer[indices.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(
                order,
                (i, j) -> indices[i] != indices[j] ? Integer.compare(indices[i], indices[j]) : Integer.compare(i, j));
        int[] sources = new int[indices.length];
        int[] targets = new int[indices.length];
        int[] starts = new int[indices.length + 1];
        int count = 0;
        for (int i = 0; i < order.length; i++) {
            sources[i] = order[i];
            if (i == 0 || indices[order[i]] != indices[order[i - 1]]) {
                targets[count] = indices[order[i]];
                starts[count++] = i;
            }
        }
        starts[count] = indices.length;
        ClKernel k = rt.kernel(FILE, "index_add_rows", "");
        k.launch()
                .arg(src)
                .arg(offset)
                .arg(rowLength)
                .arg(rt.upload(Arrays.copyOf(targets, count)))
                .arg(rt.upload(Arrays.copyOf(starts, count + 1)))
                .arg(rt.upload(sources))
                .arg(count)
                .arg(out)
                .run(new long[] {rowLength, count}, new long[] {k.powerOfTwoGroup(rowLength, 64), 1});
        return out;
    }

    /**
     * {@code out[pos] = x[pos with pos[dim] = index[pos]]} for pos over {@code shape} (the index's shape);
     * x (of {@code extent} along dim) and index are strided views of that rank. An index that is not a
     * whole number in [0, extent) gives NaN.
     */
    public static ClBuffer gather(
            ClRuntime rt,
            ClBuffer x,
            int xOffset,
            int[] xStrides,
            int dim,
            int extent,
            ClBuffer index,
            int iOffset,
            int[] iStrides,
            int[] shape) {
        int n = numel(shape);
        ClBuffer out = rt.allocate(n);
        ClKernel k = rt.kernel(FILE, "gather_dim", "");
        k.launch()
                .struct(ClStrides.shapeStruct(shape))
                .arg(dim)
                .arg(extent)
                .struct(ClStrides.viewStruct(xOffset, xStrides))
                .arg(x)
                .struct(ClStrides.viewStruct(iOffset, iStrides))
                .arg(index)
                .arg(out)
                .arg(n)
                .run(new long[] {n}, new long[] {k.powerOfTwoGroup(n, 256)});
        return out;
    }

    /**
     * The backward of {@link #gather}: zeros of {@code outShape} with src (a view of the index's shape
     * {@code indexShape}) added at the places the index names; an index that is not a whole number in
     * [0, outShape[dim]) adds nothing.
     */
    public static ClBuffer scatterAdd(
            ClRuntime rt,
            ClBuffer src,
            int sOffset,
            int[] sStrides,
            int dim,
            ClBuffer index,
            int iOffset,
            int[] iStrides,
            int[] indexShape,
            int[] outShape) {
        int n = numel(outShape);
        ClBuffer out = rt.allocate(n);
        ClKernel k = rt.kernel(FILE, "scatter_add_dim", "");
        k.launch()
                .struct(ClStrides.shapeStruct(outShape))
                .struct(ClStrides.shapeStruct(indexShape))
                .arg(dim)
                .struct(ClStrides.viewStruct(sOffset, sStrides))
                .arg(src)
                .struct(ClStrides.viewStruct(iOffset, iStrides))
                .arg(index)
                .arg(out)
                .arg(n)
                .run(new long[] {n}, new long[] {k.powerOfTwoGroup(n, 256)});
        return out;
    }

    private static int numel(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }
}
