package dev.more.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.autograd.NoGrad;
import dev.more.autograd.Variable;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.GptConfig;
import dev.more.nn.models.GptModel;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.nn.optim.GradientClipping;
import dev.more.tensor.Rng;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A character-level GPT trained from scratch on the fables the project ships ({@code fables.txt}, see the README
 * beside it): in a CI-sized budget its loss on held-out text falls well below the text's unigram (character)
 * entropy, the loss of the best model that ignores context, and it generates text from the same characters.
 */
class CharGptTest {
    private static final String TEXT = "/dev/more/it/fables.txt";
    private static final int CONTEXT = 64;
    private static final int BATCH = 16;
    private static final int STEPS = 300;

    @Test
    void learnsContextBeyondCharacterFrequenciesAndGeneratesKnownCharacters() throws IOException {
        String text = read();
        char[] alphabet = alphabet(text);
        int[] ids = encode(text, alphabet);
        double entropy = unigramEntropy(ids, alphabet.length);
        int split = ids.length * 9 / 10;
        int[] train = Arrays.copyOfRange(ids, 0, split);
        int[] heldOut = Arrays.copyOfRange(ids, split, ids.length);

        Rng rng = new Rng(17);
        GptModel model = new GptModel(new GptConfig(alphabet.length, 64, 2, 4, CONTEXT, 1e-5f, 0f), rng.split());
        AdamW optimizer =
                new AdamW(model.trainableParameters(), AdamWOptions.defaults().withLearningRate(3e-3));
        CrossEntropyLoss loss = CrossEntropyLoss.standard();
        long start = System.nanoTime();
        float first = Float.NaN;
        double lastTen = 0;
        for (int step = 0; step < STEPS; step++) {
            int[][] inputs = new int[BATCH][];
            int[] targets = new int[BATCH * CONTEXT];
            for (int b = 0; b < BATCH; b++) {
                int at = rng.nextInt(train.length - CONTEXT - 1);
                inputs[b] = Arrays.copyOfRange(train, at, at + CONTEXT);
                System.arraycopy(train, at + 1, targets, b * CONTEXT, CONTEXT);
            }
            Variable value = loss.compute(model.forward(inputs), targets);
            optimizer.zeroGrad();
            value.backward();
            GradientClipping.clipByGlobalNorm(optimizer.parameters(), 1.0);
            optimizer.step();
            float item = value.value().item();
            first = step == 0 ? item : first;
            lastTen += step >= STEPS - 10 ? item / 10 : 0;
            if (step % 50 == 0) {
                System.out.printf(
                        "char GPT step %d: loss %.3f (%.1f s)%n", step, item, (System.nanoTime() - start) / 1e9);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double heldOutLoss = evaluate(model, heldOut, loss);
        System.out.printf(
                "char GPT: %d characters, alphabet %d, unigram entropy %.3f nats; loss %.3f at step 0, "
                        + "%.3f over the last 10 of %d steps, %.3f on %d held-out characters; %.1f s%n",
                ids.length, alphabet.length, entropy, first, lastTen, STEPS, heldOutLoss, heldOut.length, seconds);

        assertThat(first).as("the first loss is about ln(alphabet)").isGreaterThan((float) entropy);
        // At least one bit (ln 2 nats) per character below what character frequencies alone can reach.
        assertThat(heldOutLoss)
                .as("held-out loss, against the unigram entropy %.3f", entropy)
                .isLessThan(entropy - Math.log(2));
        assertThat(lastTen)
                .as("training loss, against the unigram entropy %.3f", entropy)
                .isLessThan(entropy - Math.log(2));

        int[] prompt = encode("The ", alphabet);
        int[] generated = model.generate(prompt, 200, new Rng(5), 0);
        String sample = decode(generated, alphabet);
        System.out.printf("char GPT sample: %s%n", sample.replace('\n', '|'));
        assertThat(generated).hasSize(prompt.length + 200).startsWith(prompt);
        assertThat(sample).hasSize(204).startsWith("The ");
        assertThat(sample.chars())
                .allSatisfy(c -> assertThat(text.indexOf(c)).as("char %c", c).isNotNegative());
    }

    /** Mean cross-entropy over consecutive windows of the held-out text, each predicting its next characters. */
    private static double evaluate(GptModel model, int[] ids, CrossEntropyLoss loss) {
        model.eval();
        double sum = 0;
        int count = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int at = 0; at + CONTEXT + 1 <= ids.length; at += CONTEXT) {
                int[] targets = Arrays.copyOfRange(ids, at + 1, at + CONTEXT + 1);
                sum += loss.compute(model.forward(new int[][] {Arrays.copyOfRange(ids, at, at + CONTEXT)}), targets)
                                .value()
                                .item()
                        * CONTEXT;
                count += CONTEXT;
            }
        } finally {
            model.train(true);
        }
        return sum / count;
    }

    /** {@code -Σ p ln p} over the characters' frequencies, in nats. */
    private static double unigramEntropy(int[] ids, int alphabetSize) {
        long[] counts = new long[alphabetSize];
        for (int id : ids) {
            counts[id]++;
        }
        double entropy = 0;
        for (long c : counts) {
            if (c > 0) {
                double p = (double) c / ids.length;
                entropy -= p * Math.log(p);
            }
        }
        return entropy;
    }

    private static String read() throws IOException {
        try (InputStream in = CharGptTest.class.getResourceAsStream(TEXT)) {
            assertThat(in).as("resource %s", TEXT).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static char[] alphabet(String text) {
        Map<Character, Boolean> seen = new TreeMap<>();
        text.chars().forEach(c -> seen.put((char) c, true));
        char[] out = new char[seen.size()];
        int i = 0;
        for (char c : seen.keySet()) {
            out[i++] = c;
        }
        return out;
    }

    private static int[] encode(String text, char[] alphabet) {
        return text.chars().map(c -> Arrays.binarySearch(alphabet, (char) c)).toArray();
    }

    private static String decode(int[] ids, char[] alphabet) {
        StringBuilder out = new StringBuilder();
        for (int id : ids) {
            out.append(alphabet[id]);
        }
        return out.toString();
    }
}
