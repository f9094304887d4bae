/**
 * Neural-network building blocks on the autograd engine. This package holds the core:
 * {@link dev.more.nn.Module} (a tree of named parameters with Hugging Face dotted names, modes,
 * freezing, state dicts and safetensors files) and {@link dev.more.nn.Parameter}. Layers live in
 * {@code dev.more.nn.layers}, the BERT encoder and GPT decoder in {@code dev.more.nn.models}; losses,
 * optimizers, tokenizers, model loaders and sentence embeddings ({@code dev.more.nn.embed}) in sibling
 * packages.
 */
package dev.more.nn;
