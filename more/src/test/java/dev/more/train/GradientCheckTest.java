package dev.more.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the NaN stop names: the first parameter whose gradient is not finite, with its module. */
class GradientCheckTest {
    private static final List<String> NAMES = List.of(
            "bert.encoder.layer.0.attention.self.query.blkdiag1",
            "bert.encoder.layer.0.attention.self.query.blkdiag2",
            "classifier.weight",
            "scale");

    private static List<Tensor> grads(Tensor... grads) {
        return Arrays.asList(grads);
    }

    @Test
    void namesTheFirstParameterInOrderWhoseGradientIsNotFinite() {
        Tensor fine = Tensor.fromArray(new float[] {1, -2}, 2);
        assertThat(GradientCheck.culprit(
                        NAMES,
                        grads(
                                fine,
                                Tensor.fromArray(new float[] {0, Float.NaN}, 2),
                                Tensor.fromArray(new float[] {Float.POSITIVE_INFINITY, 0}, 2),
                                null)))
                .isEqualTo("the gradient of bert.encoder.layer.0.attention.self.query.blkdiag2 (module "
                        + "bert.encoder.layer.0.attention.self.query) holds NaN");
        assertThat(GradientCheck.culprit(
                        NAMES, grads(null, fine, Tensor.fromArray(new float[] {Float.NEGATIVE_INFINITY, 0}, 2), fine)))
                .isEqualTo("the gradient of classifier.weight (module classifier) holds -Infinity");
        assertThat(GradientCheck.culprit(NAMES, grads(null, null, null, Tensor.scalar(Float.POSITIVE_INFINITY))))
                .isEqualTo("the gradient of scale holds Infinity");
    }

    @Test
    void saysSoWhenOnlyTheNormOverflowed() {
        Tensor huge = Tensor.fromArray(new float[] {3e38f, -3.1e38f}, 2);
        assertThat(GradientCheck.culprit(NAMES, grads(Tensor.ones(2), null, huge, null)))
                .isEqualTo("the global gradient norm overflowed float32 though every gradient is finite (the largest "
                        + "value, 3.1E38, is in the gradient of classifier.weight (module classifier))");
    }
}
