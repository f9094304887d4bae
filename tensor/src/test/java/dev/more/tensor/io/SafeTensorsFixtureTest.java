package dev.more.tensor.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Reads a file written by torch through an independent script (see {@code safetensors/README.md} in the test
 * resources) and compares every value, bit for bit, with what torch decodes it to.
 */
class SafeTensorsFixtureTest {

    @Test
    void readsTheTorchFixtureExactly() throws IOException, URISyntaxException {
        JsonNode expected = new ObjectMapper()
                .readTree(resource("tiny_f16_bf16.expected.json").toFile());
        Path fixture = resource("tiny_f16_bf16.safetensors");

        Map<String, Tensor> tensors = SafeTensors.read(fixture);

        List<String> expectedNames = new ArrayList<>();
        expected.get("tensors").fieldNames().forEachRemaining(expectedNames::add);
        assertThat(tensors.keySet()).containsExactlyElementsOf(expectedNames);
        for (String name : expectedNames) {
            JsonNode want = expected.get("tensors").get(name);
            float[] values = new float[want.get("values").size()];
            for (int i = 0; i < values.length; i++) {
                // The JSON holds the double equal to each float32, so narrowing is exact.
                values[i] = (float) want.get("values").get(i).doubleValue();
            }
            int[] shape = new int[want.get("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = want.get("shape").get(i).intValue();
            }
            SafeTensorsTest.assertSameTensor(tensors.get(name), Tensor.fromArray(values, shape));
        }
        try (SafeTensorsFile file = SafeTensors.open(fixture)) {
            Map<String, String> metadata = new LinkedHashMap<>();
            expected.get("metadata")
                    .properties()
                    .forEach(e -> metadata.put(e.getKey(), e.getValue().textValue()));
            assertThat(file.metadata()).containsExactlyEntriesOf(metadata);
            for (String name : expectedNames) {
                assertThat(file.info(name).dtype().name())
                        .isEqualTo(
                                expected.get("tensors").get(name).get("dtype").textValue());
            }
        }
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(
                SafeTensorsFixtureTest.class.getResource("/safetensors/" + name).toURI());
    }
}
