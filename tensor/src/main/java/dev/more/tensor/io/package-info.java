/**
 * Reading and writing the <a href="https://github.com/huggingface/safetensors">safetensors</a> format.
 *
 * <p>Entry point: {@link dev.more.tensor.io.SafeTensors}. Reading memory-maps the file and validates the
 * header the way the reference Rust reader does; every format violation is reported as a
 * {@link dev.more.tensor.io.SafeTensorsException}.
 */
package dev.more.tensor.io;
