/**
 * The {@code more} command-line tool (picocli): {@code demo}, {@code finetune}, {@code eval}, {@code predict},
 * {@code merge}, {@code params}, {@code embed} and {@code explain}, with the shared options for threads,
 * device, model and adapters. Exit codes: 0 success, 2 bad usage, 1 failure with one line of error ({@code
 * --verbose} adds the stack trace).
 */
package dev.more.cli;
