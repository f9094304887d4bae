package dev.more.nn.optim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Reads the PyTorch reference numbers in {@code src/test/resources/optim/} (made by
 * {@code make_reference.py}; see the README there) and compares float32 results with them.
 */
public final class TorchReference {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // Python writes NaN for the all-ignored loss
            .build();

    private TorchReference() {}

    /** The parsed file {@code name} from the reference folder. */
    public static JsonNode load(String name) {
        try (InputStream in = TorchReference.class.getResourceAsStream("/optim/" + name)) {
            assertThat(in)
                    .as("reference file /optim/%s on the test class path", name)
                    .isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JSON array of numbers as floats. Python wrote float32 values widened to double, so the
     * narrowing is exact.
     */
    public static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    /** A JSON array of whole numbers. */
    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }

    /** The flat values {@code values} with shape {@code shape} as a tensor. */
    public static Tensor tensor(JsonNode values, int... shape) {
        return Tensor.fromArray(floats(values), shape);
    }

    /**
     * Asserts {@code |actual - expected| <= relative * max(|expected|, floor)} element by element: a
     * relative tolerance, with {@code floor} keeping values near zero from demanding more than the
     * float32 rounding of the larger terms they came from.
     */
    public static void assertClose(float[] actual, float[] expected, double relative, double floor, String what) {
        assertThat(actual).as("%s: length", what).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double allowed = relative * Math.max(Math.abs(expected[i]), floor);
            assertThat((double) actual[i])
                    .as("%s: element %d", what, i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(allowed));
        }
    }
}
