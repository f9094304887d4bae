package dev.more.kernels.cpu;

/** Row reductions that {@link Reductions#rows} computes. */
public enum ReduceOp {
    SUM,
    MAX,
    ARGMAX
}
