/**
 * Reverse-mode automatic differentiation over {@link dev.more.tensor.Tensor}s: a {@link
 * dev.more.autograd.Variable} records the op that made it, and {@code backward()} runs the recorded graph in
 * reverse, accumulating gradients into the leaves. Each differentiable op has its forward and its backward rule
 * side by side in one of four files: {@code ArithmeticOps}, {@code ShapeOps}, {@code ReductionOps} and {@code
 * NeuralOps}. {@link dev.more.autograd.NoGrad} turns recording off and {@link dev.more.autograd.GradCheck}
 * compares a backward pass with central differences.
 */
package dev.more.autograd;
