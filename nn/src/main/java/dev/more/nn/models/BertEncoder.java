package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.ModuleList;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;

/** BERT's layer stack, as Hugging Face's {@code BertEncoder}: {@code layer.0}, {@code layer.1}, ... */
public final class BertEncoder extends Module {
    private final ModuleList<BertLayer> layers;

    /** {@code config.layers()} layers with dropout {@code dropout}. */
    public BertEncoder(BertConfig config, float dropout, Rng rng) {
        this.layers = addModule("layer", new ModuleList<>());
        for (int i = 0; i < config.layers(); i++) {
            layers.add(new BertLayer(config, dropout, rng));
        }
    }

    /**
     * Every layer in turn on {@code hidden}, with the additive attention {@code mask} (or null). In inference the
     * layers after the first write their output over the state they are given, which is this encoder's own
     * ({@link BertLayer#forwardOverwriting}): hidden itself is left as it was.
     */
    public Variable forward(Variable hidden, Tensor mask) {
        return forward(hidden, mask, false);
    }

    /** {@link #forward(Variable, Tensor)}, the first layer too writing over its input when {@code overwriteHidden}. */
    Variable forward(Variable hidden, Tensor mask, boolean overwriteHidden) {
        Variable h = hidden;
        for (BertLayer layer : layers) {
            h = h == hidden && !overwriteHidden ? layer.forward(h, mask) : layer.forwardOverwriting(h, mask);
        }
        return h;
    }

    /** The layers. */
    public ModuleList<BertLayer> layers() {
        return layers;
    }
}
