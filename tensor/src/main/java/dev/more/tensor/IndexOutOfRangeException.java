package dev.more.tensor;

/** An index tensor or index list named a position outside the dimension it indexes. */
public final class IndexOutOfRangeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** Index {@code index} given to {@code op} for a dimension of {@code size}. */
    public IndexOutOfRangeException(String op, double index, int size) {
        super(op + ": index " + (index == Math.rint(index) ? String.valueOf((long) index) : String.valueOf(index))
                + " is not a whole number in [0, " + size + ")");
    }
}
