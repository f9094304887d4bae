/**
 * What every device's kernels share, with no code of any one device: the op enums ({@link
 * dev.more.kernels.UnaryOp}, {@link dev.more.kernels.BinaryOp}, {@link dev.more.kernels.ReduceOp}), the
 * shapes of the fused ops ({@link dev.more.kernels.MoReShape}, {@link dev.more.kernels.AttentionShape}) and
 * a dropout mask's seed ({@link dev.more.kernels.DropoutSeed}). The kernels themselves live in {@code cpu}
 * (Vector API with scalar twins) and {@code opencl} (JOCL).
 */
package dev.more.kernels;
