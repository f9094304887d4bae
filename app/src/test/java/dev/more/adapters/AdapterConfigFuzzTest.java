package dev.more.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code adapter_config.json} reader, {@link AdapterConfigFile#read(byte[], String)}. Whatever the
 * bytes, it returns a configuration or throws an {@link AdapterFileException} whose message starts with the source;
 * anything else that escapes, or an input slower than the timeout, fails the test. A configuration that is read
 * must also survive writing: reading what {@link AdapterConfigFile#toJson} makes of it gives the same JSON.
 *
 * <p>{@code ./build test} runs it on {@code AdapterConfigFuzzTestInputs/read/}; {@code scripts/fuzz adapter-config}
 * fuzzes it.
 */
class AdapterConfigFuzzTest {
    private static final String SOURCE = "fuzz/adapter_config.json";

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
    }
}
