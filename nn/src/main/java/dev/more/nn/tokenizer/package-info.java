/**
 * Tokenizers that read Hugging Face {@code tokenizer.json} files and give the same ids as the reference
 * {@code tokenizers} library: {@link dev.more.nn.tokenizer.WordPieceTokenizer} (BERT; the default model's
 * tokenizer is {@link dev.more.nn.tokenizer.WordPieceTokenizer#miniLm()}) and
 * {@link dev.more.nn.tokenizer.BytePairTokenizer} (GPT-2 style byte-level BPE), both behind
 * {@link dev.more.nn.tokenizer.Tokenizer}.
 *
 * <p>Files are parsed with Jackson; every problem with a file is a
 * {@link dev.more.nn.tokenizer.TokenizerFormatException} naming the file and the JSON path of the bad value.
 */
package dev.more.nn.tokenizer;
