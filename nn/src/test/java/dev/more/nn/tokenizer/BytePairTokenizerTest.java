package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The byte-level BPE tokenizer's API: lookups, the end-of-text token, padding, and text that is not valid UTF-16. */
class BytePairTokenizerTest {
    @TempDir
    Path dir;

    private static BytePairTokenizer tiny() {
        try (var in = BytePairTokenizerTest.class.getResourceAsStream(Fixtures.TINY_BPE_RESOURCE)) {
            return BytePairTokenizer.fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void vocabularyLookupsAndTheEndOfTextToken() {
        BytePairTokenizer tokenizer = tiny();
        int eot = tokenizer.tokenId(TinyBpeTrainer.END_OF_TEXT).orElseThrow();
        assertThat(tokenizer.vocabSize()).isEqualTo(eot + 1);
        assertThat(tokenizer.tokenId("Ġthe")).isPresent();
        assertThat(tokenizer.token(0)).hasValue("Ā");
        assertThat(tokenizer.padId()).hasValue(eot);
        Encoding encoding = tokenizer.encode("end<|endoftext|>");
        assertThat(encoding.ids()[encoding.length() - 1]).isEqualTo(eot);
        assertThat(tokenizer.decode(encoding.ids())).isEqualTo("end");
        assertThat(tokenizer.decode(encoding.ids(), false)).isEqualTo("end<|endoftext|>");
    }

    @Test
    void everyByteRoundTrips() {
        BytePairTokenizer tokenizer = tiny();
        StringBuilder all = new StringBuilder();
        for (int cp = 0; cp < 0x800; cp++) {
            all.appendCodePoint(cp);
        }
        all.append("😀\uD83D\uDE00\uDBFF\uDFFF");
        assertThat(tokenizer.decode(tokenizer.encode(all.toString()).ids())).isEqualTo(all.toString());
    }

    @Test
    void unpairedSurrogatesAreEncodedAsTheReplacementCharacter() {
        BytePairTokenizer tokenizer = tiny();
        assertThat(tokenizer.decode(tokenizer.encode("a\uD800b\uDC00").ids())).isEqualTo("a\uFFFDb\uFFFD");
    }

    @Test
    void aVocabularyWithoutAPadTokenCannotPadButCanBatchEqualLengths() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        ((ObjectNode) json.get("model").get("vocab")).remove(TinyBpeTrainer.END_OF_TEXT);
        json.putArray("added_tokens");
        BytePairTokenizer tokenizer = BytePairTokenizer.fromJson(Fixtures.write(dir, "no-pad.json", json));
        assertThat(tokenizer.padId()).isEmpty();
        assertThat(tokenizer
                        .encodeBatch(List.of("ab", "cd"), Tokenizer.NO_LIMIT, Padding.LONGEST)
                        .sequenceLength())
                .isEqualTo(tokenizer.encode("ab").length());
        assertThatThrownBy(() -> tokenizer.encodeBatch(List.of("a", "a b c d"), Tokenizer.NO_LIMIT, Padding.LONGEST))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("the tokenizer has no pad token");
    }

    @Test
    void thePaddingSectionsPadIdWins() throws IOException {
        ObjectNode json = Fixtures.tinyBpe();
        json.putObject("padding").put("pad_id", 3).put("pad_type_id", 2);
        BytePairTokenizer tokenizer = BytePairTokenizer.fromJson(Fixtures.write(dir, "pad.json", json));
        BatchEncoding batch = tokenizer.encodeBatch(List.of("a", ""), Tokenizer.NO_LIMIT, Padding.LONGEST);
        assertThat(batch.ids()[1]).containsExactly(3);
        assertThat(batch.tokenTypeIds()[1]).containsExactly(2);
        assertThat(batch.attentionMask()[1]).containsExactly(0);
    }
}
