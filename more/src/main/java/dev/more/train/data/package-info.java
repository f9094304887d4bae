/**
 * Labelled data: JSONL and CSV readers with errors naming file and line ({@link dev.more.train.data.DataFiles}),
 * label sets, tokenization, and length-bucketed, seeded batching ({@link dev.more.train.data.Batcher}).
 */
package dev.more.train.data;
