package dev.more.tensor;

/** A float32 tensor (being written). */
public final class Tensor {
    private final float[] data;
    private final int[] shape;

    private Tensor(float[] data, int[] shape) {
        this.data = data;
        this.shape = shape;
    }

    /** A tensor holding a copy of {@code data} in row-major order with the given shape. */
    public static Tensor fromArray(float[] data, int... shape) {
        return new Tensor(data.clone(), shape.clone());
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return data.clone();
    }

    /** The shape, as a new array. */
    public int[] shape() {
        return shape.clone();
    }
}
