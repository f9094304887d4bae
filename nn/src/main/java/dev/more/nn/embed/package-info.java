/**
 * Sentence embeddings: {@link dev.more.nn.embed.SentenceEmbedder} runs a BERT-family encoder as a
 * sentence-transformers pipeline does (tokenize and truncate, encode, mean-pool over the real tokens, L2-normalise),
 * for the default model all-MiniLM-L6-v2 or a Hugging Face model folder.
 */
package dev.more.nn.embed;
