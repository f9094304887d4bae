package dev.more.tensor;

/**
 * Where a tensor's storage lives. Every device has one {@link Backend} that runs the ops on it.
 *
 * @param kind the kind of device
 * @param index which device of that kind (0 for the CPU)
 */
public record Device(Kind kind, int index) {
    /** The host CPU. */
    public static final Device CPU = new Device(Kind.CPU, 0);

    /** Device kinds. */
    public enum Kind {
        CPU,
        OPENCL
    }

    @Override
    public String toString() {
        return kind == Kind.CPU ? "cpu" : "opencl:" + index;
    }
}
