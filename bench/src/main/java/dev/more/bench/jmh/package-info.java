/**
 * JMH benchmarks, one per routine: the CPU kernels (GEMM and its scalar twin, MoRe, the Monarch permutation,
 * attention), a sentence-embedding batch, and the OpenCL GEMM and MoRe on a device. The CPU ones share their
 * fork and iteration settings through {@code CpuKernelBenchmark}.
 */
package dev.more.bench.jmh;
