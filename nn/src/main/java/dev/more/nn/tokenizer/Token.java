package dev.more.nn.tokenizer;

/** One token of an encoding in progress: its id and vocabulary string. */
record Token(int id, String value) {}
