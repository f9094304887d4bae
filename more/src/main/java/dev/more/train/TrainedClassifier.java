package dev.more.train;

import dev.more.adapters.AdapterConfigFile;
import dev.more.adapters.AdapterFileException;
import dev.more.adapters.AdapterFiles;
import dev.more.adapters.Injection;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.tensor.Rng;
import dev.more.train.data.DataFormatException;
import dev.more.train.data.Dataset;
import dev.more.train.data.EncodedExample;
import dev.more.train.data.Encoder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A classifier rebuilt from a run folder: the base model named in {@code classifier.json} (or another
 * given in its place), with the folder's adapters and head loaded, in evaluation mode.
 */
public final class TrainedClassifier {
    /** Batch size for evaluation and prediction. */
    private static final int BATCH_SIZE = 32;

    /**
     * One prediction.
     *
     * @param label the most probable label
     * @param probabilities the probability of each label, in label order
     */
    public record Prediction(String label, float[] probabilities) {}

    private final ClassifierFile info;
    private final BaseModel base;
    private final BertForSequenceClassification model;
    private final Injection injection;

    private TrainedClassifier(
            ClassifierFile info, BaseModel base, BertForSequenceClassification model, Injection injection) {
        this.info = info;
        this.base = base;
        this.model = model;
        this.injection = injection;
    }

    /**
     * Loads the classifier in {@code dir}.
     *
     * @param baseModel the base model to use instead of the one {@code classifier.json} names, or null
     * @throws RunFolderException if {@code dir} is not a run folder, its files are malformed, or (without
     *     {@code baseModel}) the folder of the model it recorded is gone
     * @throws dev.more.adapters.AdapterFileException if the adapter files are malformed or do not fit the model;
     *     when {@code baseModel} replaces the recorded model and the weights do not fit it, one line that names both
     * @throws IOException if the base model cannot be loaded
     */
    public static TrainedClassifier load(Path dir, String baseModel) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new RunFolderException(dir + ": no such folder");
        }
        if (!Files.isRegularFile(dir.resolve(AdapterConfigFile.FILE_NAME))) {
            throw new RunFolderException(
                    dir + ": no " + AdapterConfigFile.FILE_NAME + "; is it a folder written by 'more finetune'?");
        }
        ClassifierFile info = ClassifierFile.read(dir);
        String recorded = info.baseModel();
        if (baseModel == null && !recorded.equals(BaseModel.MINILM) && !Files.isDirectory(Path.of(recorded))) {
            throw new RunFolderException(dir + ": the run was trained on " + recorded + ", which is no longer there; "
                    + "name the base model's new place instead (--model, or --base when merging)");
        }
        BaseModel base = BaseModel.load(baseModel != null ? baseModel : recorded);
        // Dropout 0 and a fixed seed: the head and adapters are overwritten by the files, and evaluation has no
        // dropout.
        BertForSequenceClassification model = base.classifier(info.labels().size(), info.pooling(), 0f, new Rng(0));
        Injection injection;
        try {
            injection = AdapterFiles.load(dir, model, new Rng(0));
        } catch (AdapterFileException e) {
            if (baseModel == null
                    || baseModel.equals(recorded)
                    || e.mismatches().isEmpty()) {
                throw e;
            }
            int count = e.mismatches().size();
            throw new AdapterFileException(
                    dir + ": the adapter was trained on " + recorded + " and does not fit "
                            + baseModel + " (" + count + " mismatch" + (count == 1 ? "" : "es") + ", the first: "
                            + e.mismatches().getFirst() + "); use it with " + recorded + ", or train an adapter for "
                            + baseModel,
                    e);
        }
        model.eval();
        return new TrainedClassifier(info, base, model, injection);
    }

    /**
     * Accuracy, macro-F1 and loss on {@code data}.
     *
     * @throws DataFormatException if {@code data} has a label the classifier does not know, or is not of the
     *     kind (single texts or pairs) it was trained on
     */
    public Evaluation evaluate(Dataset data) throws DataFormatException {
        if (data.isPairs() != info.textPair()) {
            throw new DataFormatException(data.source() + ": holds " + (data.isPairs() ? "text pairs" : "single texts")
                    + ", but the classifier was trained on " + (info.textPair() ? "text pairs" : "single texts"));
        }
        List<EncodedExample> examples = Encoder.encode(data, base.tokenizer(), info.maxLength(), info.labels());
        return new Evaluator(model, BATCH_SIZE, base.padId()).evaluate(examples);
    }

    /**
     * The predicted label and probabilities of each text (or pair, when {@code pairs} is not null).
     *
     * @throws IllegalArgumentException if pairs are given to a single-text classifier or missing for a pair classifier
     */
    public List<Prediction> predict(List<String> texts, List<String> pairs) {
        if ((pairs != null) != info.textPair()) {
            throw new IllegalArgumentException(
                    info.textPair()
                            ? "the classifier was trained on text pairs: give a second text for each text"
                            : "the classifier was trained on single texts: give no second text");
        }
        List<EncodedExample> examples = Encoder.encodeTexts(texts, pairs, base.tokenizer(), info.maxLength());
        float[][] probabilities = new Evaluator(model, BATCH_SIZE, base.padId()).probabilities(examples);
        List<Prediction> out = new ArrayList<>();
        for (float[] p : probabilities) {
            out.add(new Prediction(info.labels().name(Evaluator.argmax(p, 0, p.length)), p));
        }
        return out;
    }

    /** What {@code classifier.json} says. */
    public ClassifierFile info() {
        return info;
    }

    /** The base model. */
    public BaseModel base() {
        return base;
    }

    /** The model, adapters loaded, in evaluation mode. */
    public BertForSequenceClassification model() {
        return model;
    }

    /** The adapter configuration and parameter counts. */
    public Injection injection() {
        return injection;
    }
}
