/**
 * Transformer families as Hugging Face's modelling files name them: the BERT encoder ({@link
 * dev.more.nn.models.BertModel} with its embeddings, layers and pooler), {@link
 * dev.more.nn.models.BertForSequenceClassification}, sentence pooling, and a small GPT decoder with a token
 * sampler.
 */
package dev.more.nn.models;
