package dev.more.kernels;

/** Row reductions that {@link dev.more.kernels.cpu.Reductions#rows} computes. */
public enum ReduceOp {
    SUM,
    MAX,
    ARGMAX
}
