package dev.more.nn.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the tokenizers share: encoding through an {@link EncodingPipeline} (normalise, split, model,
 * post-process, truncate, pad) and the vocabulary's lookups. Each model decodes in its own way.
 */
abstract sealed class PipelineTokenizer implements Tokenizer permits WordPieceTokenizer, BytePairTokenizer {
    private final EncodingPipeline pipeline;
    private final Vocabulary vocabulary;

    PipelineTokenizer(EncodingPipeline pipeline, Vocabulary vocabulary) {
        this.pipeline = pipeline;
        this.vocabulary = vocabulary;
    }

    @Override
    public final Encoding encode(String text, int maxLength) {
        return pipeline.encode(text, null, maxLength);
    }

    @Override
    public final Encoding encode(String first, String second, int maxLength) {
        return pipeline.encode(first, Objects.requireNonNull(second, "second"), maxLength);
    }

    @Override
    public final BatchEncoding encodeBatch(List<String> texts, int maxLength, Padding padding) {
        return pipeline.encodeBatch(texts, null, maxLength, padding);
    }

    @Override
    public final BatchEncoding encodePairBatch(
            List<String> firsts, List<String> seconds, int maxLength, Padding padding) {
        return pipeline.encodeBatch(firsts, Objects.requireNonNull(seconds, "seconds"), maxLength, padding);
    }

    /** The tokens {@code ids} stand for, special tokens left out when {@code skipSpecialTokens}. */
    final List<String> tokensToDecode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String token = vocabulary.tokenToDecode(id);
            if (!(skipSpecialTokens && vocabulary.isSpecial(id))) {
                tokens.add(token);
            }
        }
        return tokens;
    }

    @Override
    public final int vocabSize() {
        return vocabulary.size();
    }

    @Override
    public final OptionalInt tokenId(String token) {
        return vocabulary.id(token);
    }

    @Override
    public final Optional<String> token(int id) {
        return vocabulary.token(id);
    }

    @Override
    public final OptionalInt padId() {
        return pipeline.padId();
    }
}
