package dev.more.nn.tokenizer;

import ai.djl.engine.EngineException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.PairList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;

/**
 * The reference implementation for the tests: the Hugging Face {@code tokenizers} library (Rust, through DJL's
 * native binding, which works offline), configured for one truncation limit and padding mode.
 */
final class DjlReference implements AutoCloseable {
    /** What the reference returns for one text or pair, as ints. */
    record Result(int[] ids, int[] typeIds, int[] attentionMask, List<String> tokens) {
        Encoding toEncoding() {
            return new Encoding(ids, typeIds, attentionMask, tokens);
        }
    }

    private static volatile Boolean available;

    private final HuggingFaceTokenizer tokenizer;

    private DjlReference(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    /**
     * Skips the calling test when the reference's native library cannot be loaded on this platform (DJL reports
     * that as an {@link EngineException} or a linkage error; anything else fails the test). The pinned expected ids
     * ({@link PinnedIdsTest}) still check the tokenizers there.
     */
    static void assumeAvailable() throws IOException {
        if (available == null) {
            try (InputStream in = DjlReference.class.getResourceAsStream(Fixtures.TINY_BPE_RESOURCE);
                    HuggingFaceTokenizer probe = HuggingFaceTokenizer.newInstance(in, Map.of())) {
                available = probe.encode("probe").getIds().length > 0;
            } catch (EngineException | LinkageError e) {
                available = false;
                System.err.println("reference tokenizer library unavailable, live comparisons skipped: " + e);
            }
        }
        Assumptions.assumeTrue(
                available, "the reference tokenizer library (DJL's native binding) cannot be loaded on this platform");
    }

    /** No truncation, no padding. */
    static DjlReference load(Path tokenizerJson) throws IOException {
        return load(tokenizerJson, Tokenizer.NO_LIMIT, null);
    }

    /**
     * Truncation longest-first to {@code maxLength} (unless {@link Tokenizer#NO_LIMIT}); padding as given
     * ({@code null}: none).
     */
    static DjlReference load(Path tokenizerJson, int maxLength, Padding padding) throws IOException {
        HuggingFaceTokenizer.Builder builder = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optTruncation(maxLength != Tokenizer.NO_LIMIT)
                .optPadding(padding != null);
        if (maxLength != Tokenizer.NO_LIMIT) {
            builder.optMaxLength(maxLength);
        }
        if (padding == Padding.MAX_LENGTH) {
            builder.optPadToMaxLength();
        }
        return new DjlReference(builder.build());
    }

    /** The version string of the native library, e.g. {@code 0.21.0-0.36.0}. */
    String version() {
        return tokenizer.getVersion();
    }

    Result encode(String text) {
        return convert(tokenizer.encode(text));
    }

    Result encode(String first, String second) {
        return convert(tokenizer.encode(first, second));
    }

    Result[] encodeBatch(List<String> texts) {
        return Arrays.stream(tokenizer.batchEncode(texts))
                .map(DjlReference::convert)
                .toArray(Result[]::new);
    }

    Result[] encodePairBatch(List<String> firsts, List<String> seconds) {
        return Arrays.stream(tokenizer.batchEncode(new PairList<>(firsts, seconds)))
                .map(DjlReference::convert)
                .toArray(Result[]::new);
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        return tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), skipSpecialTokens);
    }

    private static Result convert(ai.djl.huggingface.tokenizers.Encoding e) {
        return new Result(ints(e.getIds()), ints(e.getTypeIds()), ints(e.getAttentionMask()), List.of(e.getTokens()));
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
