/**
 * The layers models are built from, with Hugging Face's parameter names and PyTorch's initialisation: {@link
 * dev.more.nn.layers.Linear}, {@link dev.more.nn.layers.LayerNorm}, {@link dev.more.nn.layers.Embedding},
 * {@link dev.more.nn.layers.Gelu}, {@link dev.more.nn.layers.Dropout} (counter-based masks, one seed per mask)
 * and multi-head {@link dev.more.nn.layers.SelfAttention} with its additive {@link
 * dev.more.nn.layers.AttentionMask}.
 */
package dev.more.nn.layers;
