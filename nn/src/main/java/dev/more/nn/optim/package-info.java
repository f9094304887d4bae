/**
 * Optimizers over a list of trainable {@link dev.more.autograd.Variable}s ({@link dev.more.nn.optim.Sgd},
 * {@link dev.more.nn.optim.AdamW}), learning-rate schedules ({@link dev.more.nn.optim.LrSchedule}) and
 * gradient clipping by global norm ({@link dev.more.nn.optim.GradientClipping}).
 *
 * <p>Each update follows the corresponding PyTorch 1.13 single-tensor code operation by operation, in
 * float32 with the hyperparameter arithmetic in double, so that trajectories agree with PyTorch's to
 * float rounding. Optimizer state exports as named tensors plus a step count
 * ({@link dev.more.nn.optim.OptimizerState}) and imports back bit for bit.
 *
 * <p>A training step reads:
 * <pre>{@code
 * optimizer.zeroGrad();
 * loss.backward();
 * GradientClipping.clipByGlobalNorm(parameters, 1.0);
 * schedule.apply(optimizer, baseLearningRate, optimizer.stepCount());
 * optimizer.step();
 * }</pre>
 */
package dev.more.nn.optim;
