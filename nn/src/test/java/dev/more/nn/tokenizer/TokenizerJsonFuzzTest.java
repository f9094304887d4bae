package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzzes the {@code tokenizer.json} loaders, {@link WordPieceTokenizer} and {@link BytePairTokenizer}. Whatever the
 * bytes, loading returns a tokenizer or throws a {@link TokenizerFormatException} whose message starts with the
 * source; a tokenizer that loads must then encode and decode a few texts without failing, since a file that loads
 * is a promise that the tokenizer works. Anything else that escapes, or an input slower than the timeout, fails
 * the test.
 *
 * <p>{@code bin/build test} runs both on {@code TokenizerJsonFuzzTestInputs/<method>/}; {@code scripts/fuzz wordpiece}
 * and {@code scripts/fuzz bpe} fuzz them.
 */
class TokenizerJsonFuzzTest {
    private static final String SOURCE = "fuzz/tokenizer.json";
    /** Texts that reach the normalizer, added tokens, punctuation, accents, CJK and unknown words. */
    private static final List<String> TEXTS =
            List.of("Hello, [MASK] world! Ça va? 你好 <|endoftext|> xyzzy##", "", "  \t\n", "a\uD800b");

    @FuzzTest
    @Timeout(10)
    void wordPiece(byte[] bytes) throws IOException {
        WordPieceTokenizer tokenizer;
        try {
            tokenizer = WordPieceTokenizer.fromJson(new ByteArrayInputStream(bytes), SOURCE);
        } catch (TokenizerFormatException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            return;
        }
        use(tokenizer);
    }

    @FuzzTest
    @Timeout(10)
    void bytePair(byte[] bytes) throws IOException {
        BytePairTokenizer tokenizer;
        try {
            tokenizer = BytePairTokenizer.fromJson(new ByteArrayInputStream(bytes), SOURCE);
        } catch (TokenizerFormatException e) {
            assertThat(e.getMessage()).startsWith(SOURCE + ": ");
            return;
        }
        use(tokenizer);
    }

    private static void use(Tokenizer tokenizer) {
        for (String text : TEXTS) {
            Encoding single = tokenizer.encode(text);
            Encoding pair = tokenizer.encode(text, TEXTS.getFirst());
            for (Encoding encoding : List.of(single, pair)) {
                assertKnownIds(tokenizer, encoding.ids());
                tokenizer.decode(encoding.ids(), true);
                tokenizer.decode(encoding.ids(), false);
            }
        }
        if (tokenizer.padId().isPresent()) {
            BatchEncoding batch = tokenizer.encodeBatch(TEXTS, Tokenizer.NO_LIMIT, Padding.LONGEST);
            for (int row = 0; row < TEXTS.size(); row++) {
                assertKnownIds(tokenizer, batch.ids()[row]);
            }
        }
    }

    /** Every id must have a row in an embedding table of {@link Tokenizer#vocabSize()} rows. */
    private static void assertKnownIds(Tokenizer tokenizer, int[] ids) {
        for (int id : ids) {
            assertThat(id).isBetween(0, tokenizer.vocabSize() - 1);
            assertThat(tokenizer.token(id)).isPresent();
        }
    }
}
