package dev.more.tensor;

import dev.more.kernels.cpu.Layouts;
import java.util.Arrays;

/**
 * How a tensor reads its storage: a shape, a stride per dimension (in elements; 0 repeats an element,
 * which is how broadcasting views are made) and the offset of the first element. Views change the
 * layout and share the storage. Immutable.
 */
public final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    /** A layout from its parts (copied). */
    public Layout(int[] shape, int[] strides, int offset) {
        if (shape.length != strides.length) {
            throw new IllegalArgumentException(
                    "shape " + Arrays.toString(shape) + " and strides " + Arrays.toString(strides) + " differ in rank");
        }
        for (int d : shape) {
            if (d < 0) {
                throw new ShapeException("layout", shape, "dimensions must not be negative");
            }
        }
        this.shape = shape.clone();
        this.strides = strides.clone();
        this.offset = offset;
    }

    /** The row-major layout of {@code shape} at offset 0. */
    public static Layout contiguous(int... shape) {
        return new Layout(shape, Layouts.contiguousStrides(shape), 0);
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The strides (a copy). */
    public int[] strides() {
        return strides.clone();
    }

    /** The storage index of the first element. */
    public int offset() {
        return offset;
    }

    /** The number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** The size of dimension {@code d}. */
    public int dim(int d) {
        return shape[d];
    }

    /** The stride of dimension {@code d}. */
    public int stride(int d) {
        return strides[d];
    }

    /** The number of elements. */
    public int numel() {
        return Layouts.numel(shape);
    }

    /** True when the elements are stored row-major and back to back (sizes of 1 do not count). */
    public boolean isContiguous() {
        int expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && strides[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** The storage index of the element at {@code index}. */
    public int offsetOf(int... index) {
        int o = offset;
        for (int d = 0; d < shape.length; d++) {
            o += index[d] * strides[d];
        }
        return o;
    }

    /** Dimensions reordered: dimension {@code d} of the result is dimension {@code order[d]} of this. */
    public Layout permute(int... order) {
        if (order.length != shape.length) {
            throw new ShapeException(
                    "permute",
                    shape,
                    "order " + Arrays.toString(order) + " must name each of the " + shape.length + " dimensions once");
        }
        boolean[] seen = new boolean[shape.length];
        int[] s = new int[shape.length];
        int[] st = new int[shape.length];
        for (int d = 0; d < order.length; d++) {
            int from = order[d];
            if (from < 0 || from >= shape.length || seen[from]) {
                throw new ShapeException(
                        "permute",
                        shape,
                        "order " + Arrays.toString(order) + " must name each of the " + shape.length
                                + " dimensions once");
            }
            seen[from] = true;
            s[d] = shape[from];
            st[d] = strides[from];
        }
        return new Layout(s, st, offset);
    }

    /** Elements {@code start .. start+length-1} of dimension {@code d}. */
    public Layout narrow(int d, int start, int length) {
        if (start < 0 || length < 0 || start + length > shape[d]) {
            throw new ShapeException(
                    "narrow",
                    shape,
                    "range [" + start + ", " + (start + length) + ") is outside dimension " + d + " of size "
                            + shape[d]);
        }
        int[] s = shape.clone();
        s[d] = length;
        return new Layout(s, strides, offset + start * strides[d]);
    }

    /**
     * This layout broadcast to {@code target} (NumPy rules: align trailing dimensions; a size-1 or
     * missing dimension repeats with stride 0).
     */
    public Layout expand(int[] target) {
        if (target.length < shape.length) {
            throw new ShapeException("expand", shape, target, "cannot expand to fewer dimensions");
        }
        int[] st = new int[target.length];
        int lead = target.length - shape.length;
        for (int d = 0; d < target.length; d++) {
            int src = d - lead;
            if (src < 0) {
                st[d] = 0;
            } else if (shape[src] == target[d]) {
                st[d] = strides[src];
            } else if (shape[src] == 1) {
                st[d] = 0;
            } else {
                throw new ShapeException(
                        "expand",
                        shape,
                        target,
                        "dimension " + src + " of size " + shape[src] + " cannot be broadcast to " + target[d]);
            }
        }
        return new Layout(target, st, offset);
    }

    /**
     * The same elements seen with {@code target}'s shape without copying, or null when the strides
     * forbid it (then the caller copies). Follows PyTorch's rule: dimensions may be split or merged
     * only within runs that are contiguous with each other.
     */
    public Layout reshapeView(int[] target) {
        if (Layouts.numel(target) != numel()) {
            throw new ShapeException("reshape", shape, target, "element counts differ");
        }
        if (numel() == 0 || shape.length == 0) {
            return new Layout(target, Layouts.contiguousStrides(target), offset);
        }
        int[] st = new int[target.length];
        int viewD = target.length - 1;
        long chunkBase = strides[shape.length - 1];
        long tensorNumel = 1;
        long viewNumel = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            tensorNumel *= shape[d];
            boolean chunkEnds = d == 0 || (shape[d - 1] != 1 && strides[d - 1] != tensorNumel * chunkBase);
            if (!chunkEnds) {
                continue;
            }
            while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] == 1)) {
                st[viewD] = (int) (viewNumel * chunkBase);
                viewNumel *= target[viewD];
                viewD--;
            }
            if (viewNumel != tensorNumel) {
                return null;
            }
            if (d > 0) {
                chunkBase = strides[d - 1];
                tensorNumel = 1;
                viewNumel = 1;
            }
        }
        return viewD == -1 ? new Layout(target, st, offset) : null;
    }

    /** A size-1 dimension inserted at {@code d}. */
    public Layout unsqueeze(int d) {
        int[] s = new int[shape.length + 1];
        int[] st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == d) {
                s[i] = 1;
                st[i] = d < shape.length ? shape[d] * strides[d] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new Layout(s, st, offset);
    }

    /** Dimension {@code d}, which must have size 1, removed. */
    public Layout squeeze(int d) {
        if (shape[d] != 1) {
            throw new ShapeException("squeeze", shape, "dimension " + d + " has size " + shape[d] + ", not 1");
        }
        int[] s = new int[shape.length - 1];
        int[] st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != d) {
                s[j] = shape[i];
                st[j] = strides[i];
                j++;
            }
        }
        return new Layout(s, st, offset);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Layout l
                && offset == l.offset
                && Arrays.equals(shape, l.shape)
                && Arrays.equals(strides, l.strides);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(strides)) + offset;
    }

    @Override
    public String toString() {
        return "Layout" + Arrays.toString(shape) + " strides " + Arrays.toString(strides) + " offset " + offset;
    }
}
