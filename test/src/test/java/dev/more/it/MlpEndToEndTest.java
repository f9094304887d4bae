package dev.more.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.demo.SyntheticRegression;
import org.junit.jupiter.api.Test;

/** The whole engine (kernels, tensors, autograd, plain SGD) learns a smooth function. */
class MlpEndToEndTest {
    @Test
    void lossFallsAHundredfoldWithAFixedSeed() {
        SyntheticRegression.Result result =
                SyntheticRegression.run(SyntheticRegression.Config.defaults(42), (step, loss) -> {});
        assertThat(result.initialLoss()).isGreaterThan(0.1f);
        assertThat(result.initialLoss() / result.finalLoss()).isGreaterThanOrEqualTo(100f);
        // The loss curve is a descent, not noise: the last tenth improves on the first tenth.
        float[] losses = result.losses();
        assertThat(losses[losses.length - 1]).isLessThan(losses[losses.length / 10]);
    }

    @Test
    void aSeedMakesTheRunRepeatable() {
        SyntheticRegression.Config config = new SyntheticRegression.Config(7, 64, 8, 50, 0.2f);
        float[] first = SyntheticRegression.run(config, (step, loss) -> {}).losses();
        float[] second = SyntheticRegression.run(config, (step, loss) -> {}).losses();
        assertThat(second).containsExactly(first);
        float[] other = SyntheticRegression.run(new SyntheticRegression.Config(8, 64, 8, 50, 0.2f), (step, loss) -> {})
                .losses();
        assertThat(other).isNotEqualTo(first);
    }
}
