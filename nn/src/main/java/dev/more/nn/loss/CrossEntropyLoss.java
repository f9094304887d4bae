package dev.more.nn.loss;

import dev.more.autograd.Variable;
import dev.more.tensor.ShapeException;
import dev.more.tensor.Tensor;
import java.util.Arrays;

/**
 * Cross-entropy between logits and integer class targets, averaged over the targets that count, as
 * PyTorch's {@code cross_entropy(logits, targets, ignore_index, label_smoothing, reduction='mean')}.
 *
 * <p>Logits have shape {@code [N, C]} or {@code [N, T, C]} (then read as {@code N*T} rows of C classes);
 * there is one target per row. A target equal to {@link #ignoreIndex} contributes nothing, neither to the
 * sum nor to the count it is divided by. With label smoothing {@code eps} each counted row contributes
 * {@code (1 - eps) * -logp[target] + eps * mean over classes of -logp}. When every target is ignored the
 * mean is over nothing: the loss is NaN and the gradient zero, as in PyTorch.
 *
 * <p>The loss is made of autograd ops (row selection, log-softmax, gather, sums), so its gradient comes
 * from their backward rules. Only the counted rows go through the log-softmax, which spares the padding
 * rows of a language-model batch.
 *
 * @param ignoreIndex the target value that marks a row to skip (PyTorch's default is -100)
 * @param labelSmoothing the smoothing {@code eps}, in [0, 1]
 */
public record CrossEntropyLoss(int ignoreIndex, double labelSmoothing) {
    /** PyTorch's default ignore index, also what Hugging Face data collators use for padding labels. */
    public static final int DEFAULT_IGNORE_INDEX = -100;

    /** Checks that the smoothing is in [0, 1]. */
    public CrossEntropyLoss {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(
                    "crossEntropy: label smoothing must be in [0, 1], not " + labelSmoothing);
        }
    }

    /** Ignore index -100, no label smoothing. */
    public static CrossEntropyLoss standard() {
        return new CrossEntropyLoss(DEFAULT_IGNORE_INDEX, 0);
    }

    /**
     * The mean loss over the rows whose target is not {@link #ignoreIndex}.
     *
     * @param logits unnormalised scores, {@code [N, C]} or {@code [N, T, C]}
     * @param targets one class index in {@code [0, C)} (or the ignore index) per row, row-major
     * @return a rank-0 variable
     * @throws ShapeException if the logits are not rank 2 or 3, or the target count is not the row count
     * @throws IllegalArgumentException if a target is neither a class index nor the ignore index
     */
    public Variable compute(Variable logits, int[] targets) {
        int[] shape = logits.shape();
        if ((shape.length != 2 && shape.length != 3) || shape[shape.length - 1] == 0) {
            throw new ShapeException("crossEntropy", shape, "logits must be [N, C] or [N, T, C] with C >= 1");
        }
        int classes = shape[shape.length - 1];
        int rows = logits.value().numel() / classes;
        if (targets.length != rows) {
            throw new ShapeException(
                    "crossEntropy", shape, targets.length + " targets given, one per row (" + rows + ") needed");
        }
        int[] keptRows = new int[rows];
        float[] keptTargets = new float[rows];
        int count = 0;
        for (int row = 0; row < rows; row++) {
            int target = targets[row];
            if (target == ignoreIndex) {
                continue;
            }
            if (target < 0 || target >= classes) {
                throw new IllegalArgumentException("crossEntropy: target " + target + " at row " + row
                        + " is not a class index in [0, " + classes + ") nor the ignore index " + ignoreIndex);
            }
            keptRows[count] = row;
            keptTargets[count] = target;
            count++;
        }
        if (count == 0) {
            // The mean over no rows: NaN, with a zero gradient (PyTorch gives the same pair).
            return logits.mul(0f).sum().add(Float.NaN);
        }
        Variable flat = logits.reshape(rows, classes);
        Variable kept = count == rows ? flat : flat.indexSelect(0, Arrays.copyOf(keptRows, count));
        Variable logProbs = kept.logSoftmax(1);
        Variable counted =
                Variable.constant(Tensor.scalar(count).to(logits.value().device()));
        Tensor index = Tensor.fromArray(Arrays.copyOf(keptTargets, count), count, 1)
                .to(logits.value().device());
        Variable nll = logProbs.gather(1, index).sum().neg().div(counted);
        if (labelSmoothing == 0) {
            return nll;
        }
        // PyTorch's grouping: (1 - eps) * nll + smooth * (eps / C), smooth = mean over rows of -sum(logp).
        Variable smooth = logProbs.sum().neg().div(counted);
        return nll.mul((float) (1 - labelSmoothing)).add(smooth.mul((float) (labelSmoothing / classes)));
    }
}
