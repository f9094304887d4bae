package dev.more.nn.models;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Embedding;
import dev.more.nn.layers.Grids;
import dev.more.nn.layers.LayerNorm;
import dev.more.nn.loader.BertConfig;
import dev.more.tensor.IndexOutOfRangeException;
import dev.more.tensor.Rng;
import dev.more.tensor.RowLookups;
import dev.more.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * BERT's input embeddings, as Hugging Face's {@code BertEmbeddings}: word + absolute position
 * (0, 1, ..., seq-1) + token type, then {@code LayerNorm} and {@code dropout}. The word table's
 * padding index is 0 ({@code pad_token_id}).
 */
public final class BertEmbeddings extends Module {
    private final BertConfig config;
    private final Embedding words;
    private final Embedding positions;
    private final Embedding tokenTypes;

    /** Embeddings sized by {@code config}, with output dropout {@code dropout}. */
    public BertEmbeddings(BertConfig config, float dropout, Rng rng) {
        this.config = config;
        this.words = addModule("word_embeddings", new Embedding(config.vocabSize(), config.hidden(), 0, rng));
        this.positions = addModule("position_embeddings", new Embedding(config.maxPositions(), config.hidden(), rng));
        this.tokenTypes = addModule("token_type_embeddings", new Embedding(config.typeVocab(), config.hidden(), rng));
        addModule("LayerNorm", new LayerNorm(config.hidden(), (float) config.layerNormEps()));
        addModule("dropout", new Dropout(dropout, rng.split()));
    }

    /**
     * The embeddings of {@code inputIds} (batch, seq), shape (batch, seq, hidden);
     * {@code tokenTypeIds} has the same shape, or is null for all type 0.
     */
    public Variable forward(int[][] inputIds, int[][] tokenTypeIds) {
        int seq = Grids.columns("BertEmbeddings", "input ids", inputIds);
        if (seq > config.maxPositions()) {
            throw new IllegalArgumentException("BertEmbeddings: sequence length " + seq + " exceeds the "
                    + config.maxPositions() + " position embeddings");
        }
        int[][] types = tokenTypeIds != null ? tokenTypeIds : new int[inputIds.length][seq];
        Grids.checkShape("BertEmbeddings", "token type ids", types, inputIds.length, seq);
        checkIds("input id", inputIds, config.vocabSize());
        checkIds("token type id", types, config.typeVocab());
        Variable w = words.weight().variable();
        Variable p = positions.weight().variable();
        Variable t = tokenTypes.weight().variable();
        if (!Variable.recorded(w, p, t)) {
            // Nothing to differentiate: the three lookups and their sums as one op, which writes one array.
            int batch = inputIds.length;
            int[] positionIds = new int[batch * seq];
            Arrays.setAll(positionIds, i -> i % seq);
            Tensor sum = RowLookups.sum(
                    List.of(w.value(), p.value(), t.value()),
                    List.of(Grids.flatten(inputIds), positionIds, Grids.flatten(types)));
            Variable embedded = Variable.constant(sum.reshape(batch, seq, config.hidden()));
            return forwardChild("dropout", forwardChild("LayerNorm", embedded));
        }
        int[] positionIds = new int[seq];
        Arrays.setAll(positionIds, i -> i);
        Variable wordsAndPositions = words.forward(inputIds).add(positions.forward(positionIds));
        Variable typeEmbeddings = tokenTypes.forward(types);
        // The last sum inside the norm's op (the same bits): the sum of all three is then never kept.
        Variable normed = module("LayerNorm") instanceof LayerNorm norm
                ? norm.forwardResidual(wordsAndPositions, typeEmbeddings)
                : forwardChild("LayerNorm", wordsAndPositions.add(typeEmbeddings));
        return forwardChild("dropout", normed);
    }

    /** Rejects an id outside [0, size) naming where it is; the lookup alone would not say which row. */
    private static void checkIds(String what, int[][] ids, int size) {
        for (int b = 0; b < ids.length; b++) {
            for (int j = 0; j < ids[b].length; j++) {
                if (ids[b][j] < 0 || ids[b][j] >= size) {
                    throw new IndexOutOfRangeException(
                            "BertEmbeddings: " + what + " at [" + b + "][" + j + "]", ids[b][j], size);
                }
            }
        }
    }

    /** The word embedding table. */
    public Embedding wordEmbeddings() {
        return words;
    }
}
