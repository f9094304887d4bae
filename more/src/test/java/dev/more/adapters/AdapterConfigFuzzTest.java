package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.more.tensor.Rng;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code adapter_config.json} reader, {@link AdapterConfigFile#read(byte[], String)}. Whatever the
 * bytes, it returns a configuration or throws an {@link AdapterFileException} whose message starts with the source;
 * anything else that escapes, or an input slower than the timeout, fails the test. A configuration that is read
 * must also survive writing (reading what {@link AdapterConfigFile#toJson} makes of it gives the same JSON) and
 * be applicable to a small BERT, or be refused with the {@link IllegalArgumentException} that
 * {@link AdapterFiles#load} reports as not fitting the model; an adapter whose sizes are merely claimed must not
 * be allocated.
 *
 * <p>{@code bin/build test} runs it on {@code AdapterConfigFuzzTestInputs/read/}; {@code scripts/fuzz adapter-config}
 * fuzzes it.
 */
class AdapterConfigFuzzTest {
    private static final String SOURCE = "fuzz/adapter_config.json";
    /**
     * Ranks and block sizes are hyperparameters: an adapter of rank 10^7 allocates what it asks for, as
     * {@code --rank 10000000} would, so injection is fuzzed up to a size that a small heap holds.
     */
    private static final int MAX_RANK = 64;

    @FuzzTest
    @Timeout(10)
    void read(byte[] bytes) throws AdapterFileException {
        AdapterConfigFile.Saved saved;
        try {
            saved = AdapterConfigFile.read(bytes, SOURCE);
        } catch (AdapterFileException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            return;
        }
        ObjectNode written = AdapterConfigFile.toJson(saved.config(), saved.baseModel());
        AdapterConfigFile.Saved again = AdapterConfigFile.fromJson(written, "rewritten");
        assertThat(AdapterConfigFile.toJson(again.config(), again.baseModel())).isEqualTo(written);
        if (rank(saved.config()) > MAX_RANK) {
            return;
        }
        try {
            Adapters.inject(TinyBert.classifier(1), saved.config(), new Rng(0));
        } catch (IllegalArgumentException e) {
            // What AdapterFiles.load reports as a configuration that does not fit the model.
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** The largest of a configuration's rank-like sizes: LoRA's r, MoRe's blk_r and blk_sz; 0 for the others. */
    private static int rank(AdapterConfig config) {
        return switch (config) {
            case LoraConfig lora -> lora.r();
            case MoReConfig more -> Math.max(more.blkR(), more.blkSz());
            default -> 0;
        };
    }
}
