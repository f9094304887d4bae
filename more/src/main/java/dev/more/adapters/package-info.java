/**
 * MoRe and LoRA adapters on frozen linear layers: the adapted layers ({@link dev.more.adapters.MoReLinear},
 * {@link dev.more.adapters.LoraLinear}), their configurations ({@link dev.more.adapters.AdapterConfig}),
 * injection into a model by target module path with freezing ({@link dev.more.adapters.Adapters}), merge
 * and unmerge, adapter folders in the official MoRe and Hugging Face PEFT layouts
 * ({@link dev.more.adapters.AdapterFiles}), and the Monarch projection of a dense matrix onto MoRe
 * factors ({@link dev.more.adapters.MonarchProjection}) with its small SVD ({@link dev.more.adapters.Svd}).
 */
package dev.more.adapters;
