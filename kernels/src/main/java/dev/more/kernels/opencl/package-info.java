/**
 * The OpenCL runtime and kernels through JOCL: device choice and numbering ({@link
 * dev.more.kernels.opencl.ClPlatforms}), one in-order queue and a program cache per device ({@link
 * dev.more.kernels.opencl.ClRuntime}), buffers freed when unreachable, and the OpenCL twins of the CPU kernels,
 * each {@code ClX} class beside its {@code .cl} source under {@code resources/dev/more/kernels/opencl}. Every
 * kernel is tested against its CPU twin; results agree to float32 rounding, not bit for bit.
 */
package dev.more.kernels.opencl;
