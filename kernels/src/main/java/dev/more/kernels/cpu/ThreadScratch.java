package dev.more.kernels.cpu;

/**
 * One reusable float array per thread, for kernels that need the same large scratch on every call (the
 * GEMM's packed panels). A training step makes hundreds of such calls; fresh arrays each time made a
 * third of the step's garbage, and every collection copies the activations kept for the backward pass.
 *
 * <p>A thread that asks again before giving its array back (a kernel whose work calls the same kernel
 * again) gets a fresh array, so no two users ever share one.
 */
final class ThreadScratch {
    private static final class Slot {
        float[] array = new float[0];
        boolean taken;
    }

    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(Slot::new);

    /** An array of at least {@code size} floats, with arbitrary contents, for this thread alone. */
    float[] take(int size) {
        Slot slot = slots.get();
        if (slot.taken) {
            return new float[size];
        }
        if (slot.array.length < size) {
            slot.array = new float[size];
        }
        slot.taken = true;
        return slot.array;
    }

    /** Returns an array from {@link #take}; the thread must be the one that took it. */
    void give(float[] array) {
        Slot slot = slots.get();
        if (slot.array == array) {
            slot.taken = false;
        }
    }
}
