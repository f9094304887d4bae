/**
 * The tensor engine: a {@link dev.more.tensor.Tensor} is {@link dev.more.tensor.Storage} on a {@link
 * dev.more.tensor.Device} seen through a {@link dev.more.tensor.Layout} (shape, strides, offset), with views
 * without copies and NumPy broadcasting. Tensors do the shape work and hand a device's {@link
 * dev.more.tensor.Backend} ({@link dev.more.tensor.CpuBackend}, {@link dev.more.tensor.OpenClBackend}) storage
 * and layouts; the fused ops ({@code AttentionOps}, {@code MoReOps}, {@code RowLookups}, {@code OptimizerOps})
 * check shapes, then run the device's kernel.
 */
package dev.more.tensor;
