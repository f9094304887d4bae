package dev.more.tensor;

import java.util.Arrays;

/**
 * An operation was given shapes it cannot work with. The message names the operation and every
 * shape involved, e.g. {@code "matmul: shapes [2, 3] and [4, 5]: inner dimensions 3 and 4 differ"}.
 */
public final class ShapeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** An error of operation {@code op} over one shape. */
    public ShapeException(String op, int[] shape, String problem) {
        super(op + ": shape " + Arrays.toString(shape) + ": " + problem);
    }

    /** An error of operation {@code op} over two shapes. */
    public ShapeException(String op, int[] a, int[] b, String problem) {
        super(op + ": shapes " + Arrays.toString(a) + " and " + Arrays.toString(b) + ": " + problem);
    }

    /** An error of operation {@code op} over three shapes. */
    public ShapeException(String op, int[] a, int[] b, int[] c, String problem) {
        super(op + ": shapes " + Arrays.toString(a) + ", " + Arrays.toString(b) + " and " + Arrays.toString(c) + ": "
                + problem);
    }
}
