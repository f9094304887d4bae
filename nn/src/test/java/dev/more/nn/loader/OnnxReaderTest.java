package dev.more.nn.loader;

import static dev.more.nn.loader.OnnxBytes.floatTensor;
import static dev.more.nn.loader.OnnxBytes.graph;
import static dev.more.nn.loader.OnnxBytes.message;
import static dev.more.nn.loader.OnnxBytes.model;
import static dev.more.nn.loader.OnnxBytes.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.WireFormat;
import dev.more.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxReaderTest {
    private static final String SOURCE = "test.onnx";
    /** Far below the gigabytes some inputs here claim, far above what parsing them needs. */
    private static final long ALLOCATION_LIMIT = 16L << 20;

    @TempDir
    Path dir;

    /** A model with one MatMul node, a Constant with both attribute kinds, and a 2x3 weight. */
    private static byte[] smallModel() {
        byte[] weight = floatTensor("w", new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
        byte[] matMul = node("/dense/MatMul", "MatMul", List.of("x", "w"), List.of("y"));
        byte[] constant = node(
                "/c",
                "Constant",
                List.of(),
                List.of("c"),
                OnnxBytes.floatAttribute("value_float", 0.5f),
                OnnxBytes.tensorAttribute("value", floatTensor("", new float[] {2.5f})));
        return model(graph(List.of(constant, matMul), List.of(weight)));
    }

    @Test
    void readsNodesAttributesAndInitializers() throws IOException {
        OnnxGraph graph = OnnxReader.read(smallModel(), SOURCE);

        assertThat(graph.source()).isEqualTo(SOURCE);
        assertThat(graph.nodes()).hasSize(2);
        OnnxNode matMul = graph.nodes().get(1);
        assertThat(matMul.name()).isEqualTo("/dense/MatMul");
        assertThat(matMul.opType()).isEqualTo("MatMul");
        assertThat(matMul.inputs()).containsExactly("x", "w");
        assertThat(matMul.outputs()).containsExactly("y");
        OnnxNode constant = graph.producer("c").orElseThrow();
        assertThat(constant.attribute("value_float").orElseThrow().floatValue()).contains(0.5f);
        OnnxTensor value =
                constant.attribute("value").orElseThrow().tensorValue().orElseThrow();
        assertThat(value.dims()).isEmpty();
        assertThat(value.toTensor(SOURCE).item()).isEqualTo(2.5f);
        assertThat(graph.producer("x")).isEmpty();

        OnnxTensor w = graph.initializers().get("w");
        assertThat(w.dims()).containsExactly(2, 3);
        assertThat(w.dataType()).isEqualTo(OnnxTensor.FLOAT);
        Tensor tensor = w.toTensor(SOURCE);
        assertThat(tensor.shape()).containsExactly(2, 3);
        assertThat(tensor.toArray()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void acceptsUnpackedDimsAndFloatDataPackedOrNot() throws IOException {
        byte[] packedFloats = message(out -> {
            out.writeInt64(1, 2);
            out.writeInt64(1, 2);
            out.writeInt32(2, OnnxTensor.FLOAT);
            out.writeTag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(8);
            out.writeFloatNoTag(1.5f);
            out.writeFloatNoTag(-2f);
            out.writeFloat(4, 3f);
            out.writeFloat(4, 4f);
            out.writeString(8, "t");
        });
        OnnxGraph graph = OnnxReader.read(model(graph(List.of(), List.of(packedFloats))), SOURCE);

        Tensor t = graph.initializers().get("t").toTensor(SOURCE);
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.toArray()).containsExactly(1.5f, -2f, 3f, 4f);
    }

    @Test
    void skipsFieldsItDoesNotNeed() throws IOException {
        byte[] opset = message(out -> {
            out.writeString(1, "");
            out.writeInt64(2, 17);
        });
        byte[] withExtras = message(out -> {
            out.writeInt64(1, 8);
            out.writeByteArray(8, opset);
            out.writeString(6, "documentation");
            out.writeRawBytes(smallModel());
            out.writeFixed64(99, 42);
        });

        OnnxGraph graph = OnnxReader.read(withExtras, SOURCE);

        assertThat(graph.initializers()).containsOnlyKeys("w");
    }

    @Test
    void readsFilesAndStreams() throws IOException {
        Path file = Files.write(dir.resolve("m.onnx"), smallModel());

        assertThat(OnnxReader.read(file).initializers()).containsOnlyKeys("w");
        assertThat(OnnxReader.read(file).source()).isEqualTo(file.toString());
        try (var in = Files.newInputStream(file)) {
            assertThat(OnnxReader.read(in, "stream").nodes()).hasSize(2);
        }
        assertThatThrownBy(() -> OnnxReader.read(dir.resolve("absent.onnx"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rejectsTruncatedBytes() {
        byte[] whole = smallModel();
        for (int length : new int[] {whole.length - 1, whole.length / 2, 3}) {
            byte[] cut = Arrays.copyOf(whole, length);
            assertThatThrownBy(() -> OnnxReader.read(cut, SOURCE))
                    .as("cut to %d of %d bytes", length, whole.length)
                    .isInstanceOf(OnnxFormatException.class)
                    .hasMessageStartingWith(SOURCE + ": ")
                    .hasMessageContaining("truncated");
        }
    }

    @Test
    void rejectsALengthPrefixBeyondTheEndWithoutAllocatingIt() {
        byte[] claimsTwoGigabytes = message(out -> {
            out.writeTag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(Integer.MAX_VALUE);
            out.writeRawBytes(new byte[16]);
        });
        assertThatThrownBy(() -> OnnxReader.read(claimsTwoGigabytes, SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": ModelProto.graph claims 2147483647 bytes where 16 remain: the file is "
                        + "truncated or not ONNX");
    }

    @Test
    void rejectsRawDataClaimingGigabytesWithoutAllocatingIt() {
        byte[] tensor = message(out -> {
            out.writeString(8, "big");
            out.writeTag(9, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(Integer.MAX_VALUE);
            out.writeRawBytes(new byte[8]);
        });
        byte[] bytes = model(graph(List.of(), List.of(tensor)));
        long allocated = allocatedBy(() -> assertThatThrownBy(() -> OnnxReader.read(bytes, SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith(SOURCE + ": not a valid ONNX (protobuf) file: ")
                .hasMessageContaining("truncated"));
        assertThat(allocated).as("bytes allocated").isLessThan(ALLOCATION_LIMIT);
    }

    @Test
    void refusesDimsClaimingGigabytesWithoutAllocatingThem() throws IOException {
        byte[] justFits = floatTensor("just-fits", new float[] {1}, 46340, 46340);
        byte[] tooLarge = floatTensor("too-large", new float[] {1}, 65536, 65536);
        OnnxGraph graph = OnnxReader.read(model(graph(List.of(), List.of(justFits, tooLarge))), SOURCE);

        long allocated = allocatedBy(() -> {
            assertThatThrownBy(() -> graph.initializers().get("just-fits").toTensor(SOURCE))
                    .isInstanceOf(OnnxFormatException.class)
                    .hasMessage(SOURCE + ": tensor 'just-fits': shape [46340, 46340] needs 8589582400 bytes of float "
                            + "data, found 4");
            assertThatThrownBy(() -> graph.initializers().get("too-large").toTensor(SOURCE))
                    .isInstanceOf(OnnxFormatException.class)
                    .hasMessage(SOURCE + ": tensor 'too-large': shape [65536, 65536] is too large for a float tensor");
        });
        assertThat(allocated).as("bytes allocated").isLessThan(ALLOCATION_LIMIT);
    }

    @Test
    void rejectsEmptyBytesAsAModelWithoutGraph() {
        assertThatThrownBy(() -> OnnxReader.read(new byte[0], SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": no graph (ModelProto field 7): not an ONNX model");
    }

    @Test
    void rejectsFilesThatAreNotOnnx() {
        byte[] text = "{\"hidden_size\": 384, \"note\": \"this is JSON, not ONNX\"}\n".getBytes(StandardCharsets.UTF_8);
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 8, 0, 8, 0, 0, 0, 33, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        for (byte[] bytes : List.of(text, zip, png)) {
            assertThatThrownBy(() -> OnnxReader.read(bytes, SOURCE))
                    .isInstanceOf(OnnxFormatException.class)
                    .hasMessageStartingWith(SOURCE + ": ")
                    .message()
                    .containsAnyOf("not a valid ONNX", "not an ONNX model");
        }
    }

    @Test
    void rejectsAGraphFieldOfTheWrongWireType() {
        byte[] varintGraph = message(out -> out.writeInt64(7, 5));
        assertThatThrownBy(() -> OnnxReader.read(varintGraph, SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": ModelProto.graph has wire type 0, expected 2: not an ONNX model");
    }

    @Test
    void rejectsNamesThatAreNotUtf8() {
        byte[] badName = message(out -> {
            out.writeByteArray(3, new byte[] {'a', (byte) 0xff});
            out.writeString(4, "Relu");
        });
        assertThatThrownBy(() -> OnnxReader.read(model(graph(List.of(badName), List.of())), SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": NodeProto.name is not valid UTF-8");
    }

    @Test
    void rejectsTwoGraphs() {
        byte[] g = graph(List.of(), List.of());
        byte[] twoGraphs = message(out -> {
            out.writeByteArray(7, g);
            out.writeByteArray(7, g);
        });
        assertThatThrownBy(() -> OnnxReader.read(twoGraphs, SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": ModelProto has more than one graph field");
    }

    @Test
    void rejectsTwoInitializersOfTheSameName() {
        byte[] a = floatTensor("w", new float[] {1}, 1);
        assertThatThrownBy(() -> OnnxReader.read(model(graph(List.of(), List.of(a, a))), SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": two initializers are named 'w'");
    }

    @Test
    void rejectsATensorWithBothRawAndFloatData() {
        byte[] both = message(out -> {
            out.writeInt64(1, 1);
            out.writeInt32(2, OnnxTensor.FLOAT);
            out.writeFloat(4, 1f);
            out.writeString(8, "t");
            out.writeByteArray(9, new byte[4]);
        });
        assertThatThrownBy(() -> OnnxReader.read(model(graph(List.of(), List.of(both))), SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": tensor 't' has both raw_data and float_data");
    }

    @Test
    void rejectsPackedFloatDataThatIsNotWholeFloats() {
        byte[] ragged = message(out -> {
            out.writeTag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            out.writeUInt32NoTag(6);
            out.writeRawBytes(new byte[6]);
        });
        assertThatThrownBy(() -> OnnxReader.read(model(graph(List.of(), List.of(ragged))), SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": TensorProto.float_data run of 6 bytes, not a multiple of 4");
    }

    @Test
    void refusesToDecodeOtherDataTypes() throws IOException {
        byte[] int64 = OnnxBytes.tensor("position_ids", OnnxBytes.INT64, new byte[16], 1, 2);
        byte[] unknown = OnnxBytes.tensor("odd", 99, new byte[4], 1);
        OnnxGraph graph = OnnxReader.read(model(graph(List.of(), List.of(int64, unknown))), SOURCE);

        assertThatThrownBy(() -> graph.initializers().get("position_ids").toTensor(SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": tensor 'position_ids': data type INT64 (7), only FLOAT (1) is supported");
        assertThatThrownBy(() -> graph.initializers().get("odd").toTensor(SOURCE))
                .hasMessage(SOURCE + ": tensor 'odd': data type data type 99 (99), only FLOAT (1) is supported");
    }

    @Test
    void refusesExternalData() throws IOException {
        byte[] external = message(out -> {
            OnnxBytes.packedDims(out, 2);
            out.writeInt32(2, OnnxTensor.FLOAT);
            out.writeString(8, "big");
            out.writeEnum(14, 1);
        });
        OnnxTensor tensor = OnnxReader.read(model(graph(List.of(), List.of(external))), SOURCE)
                .initializers()
                .get("big");

        assertThat(tensor.external()).isTrue();
        assertThatThrownBy(() -> tensor.toTensor(SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessageStartingWith(SOURCE + ": tensor 'big': its data is in an external file");
    }

    @Test
    void refusesDataThatDoesNotMatchTheDims() throws IOException {
        byte[] short1 = floatTensor("short", new float[] {1, 2, 3, 4, 5}, 2, 3);
        byte[] negative = floatTensor("negative", new float[] {1}, -1);
        OnnxGraph graph = OnnxReader.read(model(graph(List.of(), List.of(short1, negative))), SOURCE);

        assertThatThrownBy(() -> graph.initializers().get("short").toTensor(SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": tensor 'short': shape [2, 3] needs 24 bytes of float data, found 20");
        assertThatThrownBy(() -> graph.initializers().get("negative").toTensor(SOURCE))
                .isInstanceOf(OnnxFormatException.class)
                .hasMessage(SOURCE + ": tensor 'negative': dimension 0 is -1 in [-1]");
    }

    /** The bytes the current thread allocates while running {@code check}. */
    private static long allocatedBy(Runnable check) {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        check.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }
}
