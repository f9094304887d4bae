package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The WordPiece tokenizer's API on the default model: lookups, limits, errors and sharing between threads. Ids and
 * pieces written out here are those of the model's vocabulary file and of the reference library's output for the
 * same text (see {@code minilm-expected-ids.json}).
 */
class WordPieceTokenizerTest {
    private final WordPieceTokenizer tokenizer = WordPieceTokenizer.miniLm();

    @Test
    void theDefaultModelsTokenizerIsLoadedOnceAndKnowsItsVocabulary() {
        assertThat(WordPieceTokenizer.miniLm()).isSameAs(tokenizer);
        assertThat(tokenizer.vocabSize()).isEqualTo(30522);
        assertThat(tokenizer.tokenId("[CLS]")).hasValue(101);
        assertThat(tokenizer.tokenId("[MASK]")).hasValue(103);
        assertThat(tokenizer.tokenId("##ing")).hasValue(2075);
        assertThat(tokenizer.tokenId("no such token")).isEmpty();
        assertThat(tokenizer.token(102)).hasValue("[SEP]");
        assertThat(tokenizer.token(30522)).isEmpty();
        assertThat(tokenizer.padId()).hasValue(0);
    }

    @Test
    void aWordIsCutIntoTheLongestVocabularyPieces() {
        assertThat(tokenizer.encode("unaffable").tokens()).containsExactly("[CLS]", "una", "##ffa", "##ble", "[SEP]");
        assertThat(tokenizer.encode("x".repeat(100)).length()).isGreaterThan(3);
        assertThat(tokenizer.encode("x".repeat(101)).tokens()).containsExactly("[CLS]", "[UNK]", "[SEP]");
    }

    @Test
    void decodingLeavesOutSpecialTokensUnlessAskedAndJoinsPieces() {
        int[] ids = tokenizer.encode("Tokenization, unaffable!").ids();
        assertThat(tokenizer.decode(ids)).isEqualTo("tokenization, unaffable!");
        assertThat(tokenizer.decode(ids, false)).isEqualTo("[CLS] tokenization, unaffable! [SEP]");
        assertThat(tokenizer.decode(new int[0])).isEmpty();
    }

    @Test
    void decodingAnIdOutsideTheVocabularyFails() {
        assertThatThrownBy(() -> tokenizer.decode(new int[] {101, 30522}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("decode: no token has id 30522 (vocabulary size 30522)");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {-1})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLimitBelowTheSpecialTokensIsRejected() {
        assertThat(tokenizer.encode("hello world", 2).tokens()).containsExactly("[CLS]", "[SEP]");
        assertThatThrownBy(() -> tokenizer.encode("hello", 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength 1 is smaller than the 2 special tokens added to a text");
        assertThatThrownBy(() -> tokenizer.encode("hello", "world", 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxLength 2 is smaller than the 3 special tokens added to a pair");
        assertThatThrownBy(() -> tokenizer.encode("hello", -5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void batchArgumentsAreChecked() {
        assertThatThrownBy(() -> tokenizer.encodeBatch(List.of("a"), Tokenizer.NO_LIMIT, Padding.MAX_LENGTH))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Padding.MAX_LENGTH needs a maxLength, not NO_LIMIT");
        assertThatThrownBy(() -> tokenizer.encodePairBatch(List.of("a", "b"), List.of("c"), 8, Padding.LONGEST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("encodePairBatch: 2 first texts but 1 second texts");
        assertThatThrownBy(() -> tokenizer.encode((String) null)).isInstanceOf(NullPointerException.class);
        assertThat(tokenizer.encodeBatch(List.of(), 8, Padding.LONGEST).batchSize())
                .isZero();
        assertThat(tokenizer.encodeBatch(List.of(), 8, Padding.MAX_LENGTH).sequenceLength())
                .isZero();
    }

    @Test
    void paddingToMaxLengthFillsEveryRowWithThePadToken() {
        BatchEncoding batch = tokenizer.encodeBatch(List.of("hello", "hello world"), 6, Padding.MAX_LENGTH);
        assertThat(batch.ids()).isDeepEqualTo(new int[][] {{101, 7592, 102, 0, 0, 0}, {101, 7592, 2088, 102, 0, 0}});
        assertThat(batch.attentionMask()).isDeepEqualTo(new int[][] {{1, 1, 1, 0, 0, 0}, {1, 1, 1, 1, 0, 0}});
        assertThat(batch.tokenTypeIds()).isDeepEqualTo(new int[2][6]);
    }

    @Test
    void concurrentEncodingGivesTheSameResultsAsSequential() {
        RandomText random = new RandomText(3);
        List<String> texts =
                IntStream.range(0, 300).mapToObj(i -> random.next(20)).toList();
        List<Encoding> sequential = texts.stream().map(tokenizer::encode).toList();
        List<Encoding> parallel = texts.parallelStream().map(tokenizer::encode).toList();
        assertThat(parallel).isEqualTo(sequential);
    }
}
