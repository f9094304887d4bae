package dev.more.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.more.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the safetensors reader. Whatever the bytes, {@link SafeTensors#read(byte[], String)} returns float tensors
 * that fit in the bytes or throws a {@link SafeTensorsException} whose message starts with the source; anything
 * else that escapes (an {@link OutOfMemoryError}, an {@link IndexOutOfBoundsException}, an
 * {@link ArithmeticException}, ...) fails the test, and so does an input that takes longer than the timeout.
 *
 * <p>{@code bin/build test} runs it on the committed inputs in {@code SafeTensorsFuzzTestInputs/read/} (the seeds and
 * every input that once failed); {@code scripts/fuzz safetensors} fuzzes it.
 */
class SafeTensorsFuzzTest {
    private static final String SOURCE = "fuzz.safetensors";

    @FuzzTest
    @Timeout(10)
    void read(byte[] bytes) {
        try {
            Map<String, Tensor> tensors = SafeTensors.read(bytes, SOURCE);
            long elements = tensors.values().stream().mapToLong(Tensor::numel).sum();
            // F16 and BF16 take two bytes an element, F32 four: no tensor may hold more than its bytes.
            assertThat(2 * elements).isLessThanOrEqualTo(bytes.length);
        } catch (SafeTensorsException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
        }
    }
}
