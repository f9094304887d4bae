/**
 * Teaching material for MoRe: a MoRe product taken apart into explicit block-diagonal and permutation matrices
 * ({@link dev.more.explain.MonarchAnatomy}), rank and approximation tables against LoRA at equal parameter count,
 * the expressiveness experiment ({@link dev.more.explain.FitExperiment}), and the figures and page that
 * {@code more explain} writes ({@link dev.more.explain.Explanation}).
 */
package dev.more.explain;
