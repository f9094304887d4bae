package dev.more.nn.loader;

import dev.more.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The weights of a BERT-family encoder, checked against its configuration.
 *
 * @param config the sizes the weights were checked against
 * @param tensors the parameters by Hugging Face {@code BertModel} name (no {@code bert.} prefix), row-major, with
 *     PyTorch's layout: a Linear weight is (out, in) and is applied as {@code x · Wᵀ + b}
 * @param notes facts about how the weights were obtained, one sentence each, for logs: where the layer-norm
 *     epsilon came from, whether there is a pooler, what was renamed or left out
 */
public record PretrainedWeights(BertConfig config, Map<String, Tensor> tensors, List<String> notes) {
    /** Copies the collections, so that the record stays immutable. */
    public PretrainedWeights {
        Objects.requireNonNull(config, "config");
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        notes = List.copyOf(notes);
    }

    /**
     * The parameter called {@code name}.
     *
     * @throws IllegalArgumentException if there is none
     */
    public Tensor tensor(String name) {
        Tensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no parameter named '" + name + "'");
        }
        return tensor;
    }

    /** Whether the weights include the pooler ({@code pooler.dense.weight} and {@code pooler.dense.bias}). */
    public boolean hasPooler() {
        return tensors.containsKey("pooler.dense.weight");
    }
}
