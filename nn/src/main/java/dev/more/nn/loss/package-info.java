/**
 * Training losses over autograd {@link dev.more.autograd.Variable}s, built from differentiable ops so
 * that {@code backward()} needs no rule of its own: {@link dev.more.nn.loss.CrossEntropyLoss} (integer
 * targets, an ignore index, label smoothing) and {@link dev.more.nn.loss.MseLoss}. Both reduce by the
 * mean and match PyTorch's {@code reduction='mean'}.
 */
package dev.more.nn.loss;
