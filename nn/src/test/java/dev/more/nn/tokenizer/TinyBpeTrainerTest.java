package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The committed tiny BPE tokenizer is what the trainer makes, so it can be regenerated and is not hand-edited. */
class TinyBpeTrainerTest {
    @Test
    void trainingReproducesTheCommittedTokenizer() {
        assertThat(TinyBpeTrainer.train(TinyBpeTrainer.CORPUS, TinyBpeTrainer.MERGES, false))
                .isEqualTo(Fixtures.tinyBpe());
    }

    @Test
    void theCommittedTokenizerHasAllBytesAndTheRequestedMerges() {
        var model = Fixtures.tinyBpe().get("model");
        assertThat(model.get("merges").size()).isEqualTo(TinyBpeTrainer.MERGES);
        for (int b = 0; b < 256; b++) {
            assertThat(model.get("vocab")
                            .get(String.valueOf(ByteLevel.charOf(b)))
                            .intValue())
                    .isEqualTo(b);
        }
    }
}
