/**
 * JMH microbenchmarks of the kernels and the end-to-end benchmark runner that compares them with
 * peers (OpenBLAS through NumPy, PyTorch) measured side by side.
 */
package dev.more.bench;
