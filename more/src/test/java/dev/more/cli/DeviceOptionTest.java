package dev.more.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.more.kernels.opencl.ClPlatforms;
import dev.more.nn.embed.SentenceEmbedder;
import dev.more.tensor.Device;
import dev.more.tensor.Devices;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code --device} on a command that runs a model ({@code embed}, the quickest). */
class DeviceOptionTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "The soup was wonderful.";

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @AfterEach
    void backToTheCpu() {
        Devices.use(Device.CPU);
    }

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    private float[] embedding() throws IOException {
        JsonNode v = JSON.readTree(out.toString()).get(0).get("embedding");
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i).floatValue();
        }
        return a;
    }

    @Test
    void anUnusableDeviceFallsBackToTheCpuWithOneLine() throws IOException {
        assertThat(run("embed", "--text", TEXT, "--device", "opencl:99")).isZero();
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("device: cpu (opencl:99 is unavailable: ");
        assertThat(embedding()).containsExactly(SentenceEmbedder.miniLm().embed(List.of(TEXT))[0]);
    }

    @Test
    void aSpellingThatIsNoDeviceIsAUsageError() {
        assertThat(run("embed", "--text", TEXT, "--device", "gpu")).isEqualTo(2);
        assertThat(err.toString()).contains("--device: device 'gpu' is not cpu, opencl or opencl:N");
    }

    /** The embedding on the device equals the CPU's to float32 rounding through six layers (1e-5 of a unit vector). */
    @Test
    void embedsOnTheOpenClDevice() throws IOException {
        Assumptions.assumeTrue(ClPlatforms.skipReason() == null, ClPlatforms::skipReason);
        assertThat(run("embed", "--text", TEXT, "--device", "opencl")).isZero();
        assertThat(err.toString().lines()).singleElement().asString().startsWith("device: opencl:0 ");
        float[] expected = SentenceEmbedder.miniLm().embed(List.of(TEXT))[0];
        float[] actual = embedding();
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i])
                    .as("component " + i)
                    .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }
}
