/**
 * Fine-tuning of sequence classifiers: {@link dev.more.train.FineTuneRun} (one run into a run folder),
 * {@link dev.more.train.Trainer} (AdamW, schedules, clipping, evaluation, best-epoch keeping, early
 * stopping), {@link dev.more.train.TrainedClassifier} (a run folder loaded back for evaluation and
 * prediction), {@link dev.more.train.Merger}, {@link dev.more.train.Comparison}, and the run folder's
 * files ({@link dev.more.train.ClassifierFile}, {@link dev.more.train.MetricsFile},
 * {@link dev.more.train.Plots}).
 */
package dev.more.train;
