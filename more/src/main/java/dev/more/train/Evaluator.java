package dev.more.train;

import dev.more.autograd.NoGrad;
import dev.more.autograd.Variable;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.train.data.Batch;
import dev.more.train.data.Batcher;
import dev.more.train.data.EncodedExample;
import java.util.List;

/** Runs a classifier over encoded examples without gradients, in evaluation mode (no dropout). */
public final class Evaluator {
    private final BertForSequenceClassification model;
    private final Batcher batcher;

    /** An evaluator of {@code model} in batches of {@code batchSize}, padding with {@code padId}. */
    public Evaluator(BertForSequenceClassification model, int batchSize, int padId) {
        this.model = model;
        this.batcher = new Batcher(batchSize, padId, 1);
    }

    /**
     * The class probabilities of each example, {@code [example][class]}, in the examples' order. The
     * model's training mode is restored afterwards.
     */
    public float[][] probabilities(List<EncodedExample> examples) {
        float[][] out = new float[examples.size()][];
        boolean training = model.isTraining();
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : batcher.byLength(examples)) {
                float[] probs = logits(batch).softmax(1).value().toArray();
                int classes = probs.length / batch.size();
                for (int r = 0; r < batch.size(); r++) {
                    float[] row = new float[classes];
                    System.arraycopy(probs, r * classes, row, 0, classes);
                    out[batch.indexes()[r]] = row;
                }
            }
        } finally {
            model.train(training);
        }
        return out;
    }

    /** Accuracy, macro-F1, loss and confusion of the model on labelled {@code examples}. */
    public Evaluation evaluate(List<EncodedExample> examples) {
        int[] truth = new int[examples.size()];
        int[] predicted = new int[examples.size()];
        double lossSum = 0;
        boolean training = model.isTraining();
        model.eval();
        try (NoGrad ignored = NoGrad.enter()) {
            for (Batch batch : batcher.byLength(examples)) {
                Variable logits = logits(batch);
                lossSum += (double) CrossEntropyLoss.standard()
                                .compute(logits, batch.labels())
                                .value()
                                .item()
                        * batch.size();
                float[] values = logits.value().toArray();
                int classes = values.length / batch.size();
                for (int r = 0; r < batch.size(); r++) {
                    int index = batch.indexes()[r];
                    truth[index] = batch.labels()[r];
                    predicted[index] = argmax(values, r * classes, classes);
                }
            }
        } finally {
            model.train(training);
        }
        return Evaluation.of(truth, predicted, model.labels(), lossSum);
    }

    private Variable logits(Batch batch) {
        return model.forward(batch.ids(), batch.attentionMask(), batch.tokenTypeIds());
    }

    /** The index of the largest of {@code values[from .. from + count)}, the first on ties. */
    static int argmax(float[] values, int from, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            if (values[from + c] > values[from + best]) {
                best = c;
            }
        }
        return best;
    }
}
