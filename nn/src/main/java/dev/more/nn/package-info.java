/**
 * Neural-network building blocks on the autograd engine: modules with Hugging Face parameter names,
 * layers, the BERT encoder and GPT decoder, losses, optimizers, tokenizers and model loaders.
 * Empty until the "nn" issue lands.
 */
package dev.more.nn;
