/**
 * The CPU kernels: compute over {@code float[]} with offsets and strides, knowing nothing of tensors. Each
 * routine is a small final class with a Vector API path and a scalar twin: elementwise ops, reductions, softmax,
 * layer norm, the packed GEMM, the block-diagonal product, the Monarch permutation, the fused MoRe product,
 * multi-head attention, dropout masks and gathered rows. Parallel loops run on the project's own {@link
 * dev.more.kernels.cpu.WorkerPool}, sized by one thread setting ({@link dev.more.kernels.cpu.Parallel}).
 */
package dev.more.kernels.cpu;
