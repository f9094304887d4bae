package dev.more.nn.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.nn.ModuleGradCheck;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class GptModelTest {
    private static final GptConfig TINY = new GptConfig(7, 16, 2, 2, 12, 1e-5f, 0f);
    /** 0 1 2 3 4 5 repeated: the next token is always the current one plus one, mod 6. */
    private static final int[] PATTERN = {0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5};

    private static GptModel tiny(long seed) {
        return new GptModel(TINY, new Rng(seed));
    }

    /** Mean next-token cross-entropy of {@code sequence}: log-softmax, then the targets' entries. */
    private static Variable loss(GptModel model, int[] sequence) {
        int n = sequence.length - 1;
        Variable logits = model.forward(new int[][] {Arrays.copyOf(sequence, n)});
        float[] targets = new float[n];
        for (int i = 0; i < n; i++) {
            targets[i] = sequence[i + 1];
        }
        return logits.logSoftmax(-1)
                .gather(2, Tensor.fromArray(targets, 1, n, 1))
                .mean()
                .neg();
    }

    /** Plain SGD on every trainable parameter; returns the losses before each step. */
    private static List<Float> train(GptModel model, int steps, float learningRate) {
        List<Float> losses = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            Variable loss = loss(model, PATTERN);
            losses.add(loss.value().item());
            loss.backward();
            for (Variable p : model.trainableParameters()) {
                p.setValue(p.value().sub(p.grad().mul(learningRate)));
                p.zeroGrad();
            }
        }
        return losses;
    }

    @Test
    void namesFollowGpt2WithTiedEmbeddingsAndCountByFormula() {
        GptModel model = tiny(1);
        assertThat(model.namedParameters().keySet())
                .startsWith("wte.weight", "wpe.weight", "h.0.ln_1.weight", "h.0.ln_1.bias", "h.0.attn.query.weight")
                .contains("h.1.attn_proj.weight", "h.1.mlp.c_fc.weight", "h.1.mlp.c_proj.bias")
                .endsWith("ln_f.weight", "ln_f.bias")
                .noneMatch(n -> n.contains("lm_head"));
        long h = TINY.hidden();
        long block = 2 * 2 * h + 4 * (h * h + h) + (h * 4 * h + 4 * h) + (4 * h * h + h);
        long expected = (long) (TINY.vocabSize() + TINY.maxPositions()) * h + TINY.layers() * block + 2 * h;
        assertThat(model.parameterCount()).isEqualTo(expected);
    }

    @Test
    void logitsAreBatchBySequenceByVocabularyAndComeFromTheTokenTable() {
        GptModel model = tiny(1);
        int[][] ids = {{0, 1, 2}, {3, 4, 4}};
        assertThat(model.forward(ids).shape()).containsExactly(2, 3, 7);
        // Token 6 is not in the input: zeroing its row only zeroes its logit, which shows the output
        // projection is the token table.
        Tensor table = model.tokenEmbeddings().weight().value();
        Tensor mask = Tensor.fromArray(new float[] {1, 1, 1, 1, 1, 1, 0}, 7, 1);
        model.tokenEmbeddings().weight().setValue(table.mul(mask));
        Tensor logits = model.forward(ids).value();
        assertThat(logits.narrow(2, 6, 1).toArray()).containsOnly(0f);
        assertThat(logits.narrow(2, 5, 1).toArray()).doesNotContain(0f);
    }

    @Test
    void laterTokensDoNotChangeEarlierLogits() {
        GptModel model = tiny(2);
        Tensor a = model.forward(new int[][] {{0, 1, 2, 3, 4}}).value();
        Tensor b = model.forward(new int[][] {{0, 1, 2, 6, 6}}).value();
        assertThat(b.narrow(1, 0, 3).toArray())
                .containsExactly(a.narrow(1, 0, 3).toArray());
        assertThat(b.narrow(1, 3, 1).toArray()).isNotEqualTo(a.narrow(1, 3, 1).toArray());
    }

    @Test
    void parameterGradientsMatchFiniteDifferences() {
        GptModel model = new GptModel(new GptConfig(5, 4, 1, 2, 4, 1e-5f, 0f), new Rng(3));
        assertThat(ModuleGradCheck.checkParameters(model, () -> model.forward(new int[][] {{1, 4, 0}, {2, 2, 3}}))
                        .maxRelativeError())
                .isLessThan(5e-3);
    }

    @Test
    void plainSgdOnARepeatedSequenceLowersTheLossAndTeachesThePattern() {
        GptModel model = tiny(4);
        List<Float> losses = train(model, 40, 0.3f);
        assertThat(losses.getFirst()).isBetween(1.5f, 2.5f); // about ln 7 at the start: no token preferred
        assertThat(losses.getLast()).isLessThan(losses.getFirst() / 4);
        // Positions are learned, so the pattern is asked for where it was taught: from position 0.
        assertThat(model.generate(new int[] {0, 1}, 9, null, 1)).containsExactly(Arrays.copyOf(PATTERN, 11));
    }

    @Test
    void generatesTheRequestedLengthReproduciblyForASeed() {
        GptModel model = tiny(5);
        int[] prompt = {1, 2};
        int[] a = model.generate(prompt, 15, new Rng(9), 3);
        assertThat(a).hasSize(17).startsWith(1, 2);
        assertThat(model.generate(prompt, 15, new Rng(9), 3)).containsExactly(a);
        assertThat(model.generate(prompt, 15, new Rng(9), 0)).hasSize(17);
        assertThat(model.generate(prompt, 0, null, 1)).containsExactly(1, 2);
        assertThat(model.generate(prompt, 15, null, 1)).containsExactly(model.generate(prompt, 15, new Rng(1), 1));
        assertThat(model.isTraining()).isTrue();
    }

    @Test
    void differentSeedsSampleDifferently() {
        GptModel model = tiny(6);
        int[] a = model.generate(new int[] {0}, 20, new Rng(1), 0);
        int[] b = model.generate(new int[] {0}, 20, new Rng(2), 0);
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    void rejectsBadArguments() {
        GptModel model = tiny(1);
        assertThatThrownBy(() -> model.generate(new int[0], 3, null, 1)).hasMessageContaining("non-empty prompt");
        assertThatThrownBy(() -> model.generate(new int[] {1}, -1, null, 1)).hasMessageContaining("maxNewTokens >= 0");
        assertThatThrownBy(() -> model.generate(new int[] {1}, 3, new Rng(1), -2))
                .hasMessageContaining("topK >= 0");
        assertThatThrownBy(() -> model.generate(new int[] {1}, 3, null, 2)).hasMessageContaining("needs an Rng");
        assertThatThrownBy(() -> model.forward(new int[][] {new int[13]}))
                .hasMessage("GptModel: sequence length 13 exceeds the 12 positions");
        assertThatThrownBy(() -> new GptConfig(7, 16, 2, 3, 12, 1e-5f, 0f)).hasMessageContaining("not a multiple of 3");
    }

    @Test
    void generationSlidesTheWindowPastTheLongestSequence() {
        GptModel model = tiny(7);
        assertThat(model.generate(new int[] {1, 2, 3}, 20, new Rng(3), 2)).hasSize(23);
    }
}
