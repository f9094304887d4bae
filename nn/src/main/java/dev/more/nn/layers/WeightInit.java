package dev.more.nn.layers;

import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Re-initialisation schemes applied over a module tree. */
public final class WeightInit {
    private WeightInit() {}

    /**
     * The Hugging Face transformers scheme ({@code _init_weights} of BERT and GPT-2, with
     * {@code initializer_range = std}): every {@link Linear} weight N(0, std²) and bias 0, every
     * {@link Embedding} N(0, std²) with its padding row 0, every {@link LayerNorm} weight 1 and bias 0.
     * Modules are visited in {@link Module#namedModules()} order, {@code root} first.
     */
    public static void normal(Module root, float std, Rng rng) {
        List<Module> all = new ArrayList<>();
        all.add(root);
        all.addAll(root.namedModules().values());
        for (Module m : all) {
            switch (m) {
                case Linear linear -> {
                    setNormal(linear.weight(), std, rng);
                    zero(linear.bias());
                }
                case Embedding embedding -> {
                    setNormal(embedding.weight(), std, rng);
                    int pad = embedding.paddingIndex();
                    if (pad >= 0) {
                        float[] w = embedding.weight().value().toArray();
                        Arrays.fill(w, pad * embedding.dim(), (pad + 1) * embedding.dim(), 0f);
                        embedding
                                .weight()
                                .setValue(Tensor.fromArray(w, embedding.weight().shape()));
                    }
                }
                case LayerNorm norm -> {
                    if (norm.weight() != null) {
                        norm.weight().setValue(Tensor.ones(norm.dim()));
                        zero(norm.bias());
                    }
                }
                default -> {}
            }
        }
    }

    private static void setNormal(Parameter p, float std, Rng rng) {
        p.setValue(Tensor.randn(rng, p.shape()).mul(std));
    }

    private static void zero(Parameter p) {
        if (p != null) {
            p.setValue(Tensor.zeros(p.shape()));
        }
    }
}
