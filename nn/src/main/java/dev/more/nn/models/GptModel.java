package dev.more.nn.models;

import dev.more.autograd.NoGrad;
import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.ModuleList;
import dev.more.nn.layers.AttentionMask;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Embedding;
import dev.more.nn.layers.Grids;
import dev.more.nn.layers.LayerNorm;
import dev.more.nn.layers.WeightInit;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Arrays;

/**
 * A small GPT decoder: token ({@code wte}) and learned position ({@code wpe}) embeddings, dropout,
 * pre-LN {@link GptBlock}s {@code h.0 ...} with causal attention, a final {@code ln_f}, and logits
 * from the token table itself (tied input and output embeddings, so no separate head parameter).
 * Weights start as GPT-2's do in Hugging Face (normal, std 0.02; biases zero).
 */
public final class GptModel extends Module {
    private final GptConfig config;
    private final Embedding tokens;
    private final Embedding positions;
    private final ModuleList<GptBlock> blocks;

    /** A model sized by {@code config}, initialised from {@code rng}. */
    public GptModel(GptConfig config, Rng rng) {
        this.config = config;
        this.tokens = addModule("wte", new Embedding(config.vocabSize(), config.hidden(), rng));
        this.positions = addModule("wpe", new Embedding(config.maxPositions(), config.hidden(), rng));
        addModule("drop", new Dropout(config.dropout(), rng.split()));
        this.blocks = addModule("h", new ModuleList<>());
        for (int i = 0; i < config.layers(); i++) {
            blocks.add(new GptBlock(config, rng));
        }
        addModule("ln_f", new LayerNorm(config.hidden(), config.layerNormEps()));
        WeightInit.normal(this, 0.02f, rng);
    }

    /** The next-token logits (batch, seq, vocab) for {@code ids} (batch, seq); position i sees ids 0..i only. */
    public Variable forward(int[][] ids) {
        int seq = Grids.columns("GptModel", "ids", ids);
        if (seq > config.maxPositions()) {
            throw new IllegalArgumentException(
                    "GptModel: sequence length " + seq + " exceeds the " + config.maxPositions() + " positions");
        }
        int[] positionIds = new int[seq];
        Arrays.setAll(positionIds, i -> i);
        Variable h = forwardChild("drop", tokens.forward(ids).add(positions.forward(positionIds)));
        Tensor mask =
                AttentionMask.additive(null, ids.length, seq, true, h.value().device());
        for (GptBlock block : blocks) {
            h = block.forward(h, mask);
        }
        h = forwardChild("ln_f", h);
        return h.matmul(tokens.weight().variable().transpose(0, 1));
    }

    /**
     * {@code prompt} followed by {@code maxNewTokens} generated ids. Each step feeds the last
     * {@code maxPositions} ids (no key-value cache: the whole window is recomputed) and picks the
     * next id: {@code topK = 1} greedily (the first largest logit; {@code rng} unused and may be
     * null); {@code topK > 1} by sampling from the softmax over the {@code topK} largest logits;
     * {@code topK = 0} from the whole softmax. Runs without a graph and in evaluation mode; after,
     * the whole model is put back in the mode the model itself was in.
     */
    public int[] generate(int[] prompt, int maxNewTokens, Rng rng, int topK) {
        if (prompt.length == 0 || maxNewTokens < 0 || topK < 0) {
            throw new IllegalArgumentException(
                    "generate: needs a non-empty prompt, maxNewTokens >= 0 and topK >= 0, got " + prompt.length
                            + " ids, " + maxNewTokens + ", " + topK);
        }
        if (topK != 1 && rng == null) {
            throw new IllegalArgumentException("generate: sampling (topK " + topK + ") needs an Rng");
        }
        int[] out = Arrays.copyOf(prompt, prompt.length + maxNewTokens);
        boolean wasTraining = isTraining();
        eval();
        try (NoGrad ignored = NoGrad.enter()) {
            for (int n = prompt.length; n < out.length; n++) {
                int start = Math.max(0, n - config.maxPositions());
                int[] window = Arrays.copyOfRange(out, start, n);
                float[] logits = forward(new int[][] {window})
                        .value()
                        .narrow(1, window.length - 1, 1)
                        .reshape(config.vocabSize())
                        .toArray();
                out[n] = TokenSampler.pick(logits, topK, rng);
            }
        } finally {
            train(wasTraining);
        }
        return out;
    }

    /** The sizes. */
    public GptConfig config() {
        return config;
    }

    /** The token table, also the output projection. */
    public Embedding tokenEmbeddings() {
        return tokens;
    }
}
