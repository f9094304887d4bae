package dev.more.nn.loader;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.more.tensor.Tensor;
import java.io.IOException;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the ONNX initializer reader: {@link OnnxReader#read(byte[], String)}, every initializer's
 * {@link OnnxTensor#toTensor(String)} and the mapping to BERT parameters, {@link OnnxBert#fromGraph}. The only
 * exceptions allowed out are {@link OnnxFormatException} and {@link WeightsException}, with messages that start with
 * the source; anything else (an {@link OutOfMemoryError}, an {@link IndexOutOfBoundsException}, ...) or an input
 * slower than the timeout fails the test.
 *
 * <p>{@code bin/build test} runs it on {@code OnnxFuzzTestInputs/initializers/}; {@code scripts/fuzz onnx} fuzzes it.
 */
class OnnxFuzzTest {
    private static final String SOURCE = "fuzz.onnx";

    @FuzzTest
    @Timeout(10)
    void initializers(byte[] bytes) throws IOException {
        OnnxGraph graph;
        try {
            graph = OnnxReader.read(bytes, SOURCE);
        } catch (OnnxFormatException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            return;
        }
        for (OnnxTensor initializer : graph.initializers().values()) {
            try {
                Tensor tensor = initializer.toTensor(SOURCE);
                assertThat((long) tensor.numel() * Float.BYTES).isLessThanOrEqualTo(bytes.length);
            } catch (OnnxFormatException e) {
                assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            }
        }
        try {
            OnnxBert.fromGraph(graph, TinyBertOnnx.CONFIG);
        } catch (OnnxFormatException | WeightsException e) {
            assertThat(e.getMessage()).startsWith(SOURCE);
        }
    }
}
