package dev.more.bench;

import java.util.function.Supplier;

/**
 * One row of the peer comparison: a kernel on one shape.
 *
 * @param key stable identifier shared with the peer script, e.g. {@code gemm-nn-1024x1024x1024}
 * @param kind {@code gemm}, {@code more} or {@code permutation}
 * @param variant {@code nn}/{@code nt} for GEMM, {@code fwd}/{@code fwdbwd} for MoRe, {@code out} for the permutation
 * @param dims the shape: m, k, n for GEMM; rows, in, out for MoRe; rows, width for the permutation
 * @param blocks for MoRe: blocks, inBlk, blkR, outBlk; empty otherwise
 * @param flops floating-point operations of one run
 * @param floorBytes bytes that must move to or from memory in one run (the bandwidth floor's numerator)
 * @param memoryBound whether GB/s (true) or GFLOP/s (false) is the meaningful rate
 * @param prepare allocates the operands and returns our implementation, ready to time
 */
public record BenchCase(
        String key,
        String kind,
        String variant,
        int[] dims,
        int[] blocks,
        double flops,
        double floorBytes,
        boolean memoryBound,
        Supplier<Runnable> prepare) {
    /** The shape as {@code 8192x384x1536}. */
    public String shape() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return sb.toString();
    }
}
