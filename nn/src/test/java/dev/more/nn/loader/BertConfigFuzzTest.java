package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the reader of a Hugging Face folder's {@code config.json}, {@link BertConfig#fromJson(byte[], String)}:
 * whatever the bytes, it returns a valid configuration or throws a {@link WeightsException} whose message starts
 * with the source; anything else, or an input slower than the timeout, fails the test.
 *
 * <p>{@code bin/build test} runs it on {@code BertConfigFuzzTestInputs/fromJson/}; {@code scripts/fuzz config} fuzzes
 * it.
 */
class BertConfigFuzzTest {
    private static final String SOURCE = "fuzz/config.json";

    @FuzzTest
    @Timeout(10)
    void fromJson(byte[] bytes) {
        try {
            BertConfig config = BertConfig.fromJson(bytes, SOURCE);
            assertThat(config.hidden() % config.heads()).isZero();
        } catch (WeightsException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
        }
    }
}
