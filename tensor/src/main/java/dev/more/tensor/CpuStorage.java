package dev.more.tensor;

/**
 * Storage in a Java float array.
 *
 * @param data the floats; tensors viewing this storage share it
 */
public record CpuStorage(float[] data) implements Storage {
    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }

    @Override
    public int length() {
        return data.length;
    }
}
