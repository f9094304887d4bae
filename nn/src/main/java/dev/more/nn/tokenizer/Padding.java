package dev.more.nn.tokenizer;

/** How a batch is padded to one length (always on the right). */
public enum Padding {
    /** Pad every row to the longest row of the batch (after truncation). */
    LONGEST,
    /** Pad every row to the batch's {@code maxLength}, which must then be a real limit. */
    MAX_LENGTH
}
