package dev.more.train;

/**
 * A classifier's scores on labelled examples.
 *
 * @param count the number of examples
 * @param accuracy the fraction predicted right
 * @param macroF1 the unweighted mean over classes of F1 (a class never predicted nor present counts 0)
 * @param loss the mean cross-entropy
 * @param confusion {@code confusion[truth][predicted]} counts
 * @param predictions the predicted class of each example, in data order
 */
public record Evaluation(
        int count, double accuracy, double macroF1, double loss, int[][] confusion, int[] predictions) {
    /**
     * The scores of {@code predictions} against {@code truth} over {@code classes} classes, with the
     * summed loss {@code lossSum}.
     */
    public static Evaluation of(int[] truth, int[] predictions, int classes, double lossSum) {
        if (truth.length != predictions.length || truth.length == 0) {
            throw new IllegalArgumentException(truth.length + " labels and " + predictions.length
                    + " predictions; expected the same non-zero count");
        }
        int[][] confusion = new int[classes][classes];
        int right = 0;
        for (int i = 0; i < truth.length; i++) {
            confusion[truth[i]][predictions[i]]++;
            if (truth[i] == predictions[i]) {
                right++;
            }
        }
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            int truePositive = confusion[c][c];
            int predicted = 0;
            int actual = 0;
            for (int o = 0; o < classes; o++) {
                predicted += confusion[o][c];
                actual += confusion[c][o];
            }
            f1Sum += predicted + actual == 0 ? 0 : 2.0 * truePositive / (predicted + actual);
        }
        return new Evaluation(
                truth.length,
                (double) right / truth.length,
                f1Sum / classes,
                lossSum / truth.length,
                confusion,
                predictions.clone());
    }
}
