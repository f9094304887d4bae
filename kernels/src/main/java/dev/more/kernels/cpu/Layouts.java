package dev.more.kernels.cpu;

/** Stride arithmetic shared by the kernels and the tensor layer. */
public final class Layouts {
    private Layouts() {}

    /** Row-major strides of {@code shape}. */
    public static int[] contiguousStrides(int[] shape) {
        int[] strides = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            strides[d] = s;
            s *= shape[d];
        }
        return strides;
    }

    /** The number of elements of {@code shape}, failing when it exceeds a Java array. */
    public static int numel(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
                        + " holds more elements than a Java array can (" + (Integer.MAX_VALUE - 8) + ")");
            }
        }
        return (int) n;
    }
}
