package dev.more.train.data;

import dev.more.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Cuts encoded examples into padded batches. For training, the examples are shuffled, split into
 * buckets of {@code bucketBatches} batches, sorted by length within each bucket (so a batch holds
 * examples of similar length and little padding), cut into batches, and the batches are shuffled: the
 * order is random but fixed by the {@link Rng}. For evaluation, all examples are sorted by length.
 *
 * @param batchSize the number of examples per batch (the last batch of a bucket may be smaller)
 * @param padId the token id put in padded positions
 * @param bucketBatches the number of batches per bucket, at least 1
 */
public record Batcher(int batchSize, int padId, int bucketBatches) {
    /** Checks the sizes. */
    public Batcher {
        if (batchSize < 1 || bucketBatches < 1) {
            throw new IllegalArgumentException(
                    "batch size and batches per bucket must be at least 1, got " + batchSize + " and " + bucketBatches);
        }
    }

    /** The training batches of one epoch, drawn with {@code rng}. */
    public List<Batch> shuffled(List<EncodedExample> examples, Rng rng) {
        int[] order = new int[examples.size()];
        Arrays.setAll(order, i -> i);
        shuffle(order, rng);
        List<Batch> batches = new ArrayList<>();
        int bucket = batchSize * bucketBatches;
        for (int start = 0; start < order.length; start += bucket) {
            List<EncodedExample> chunk = new ArrayList<>();
            for (int i = start; i < Math.min(order.length, start + bucket); i++) {
                chunk.add(examples.get(order[i]));
            }
            chunk.sort(Comparator.comparingInt(EncodedExample::length));
            batches.addAll(cut(chunk));
        }
        Batch[] array = batches.toArray(Batch[]::new);
        for (int i = array.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            Batch t = array[i];
            array[i] = array[j];
            array[j] = t;
        }
        return List.of(array);
    }

    /** Batches of all examples sorted by length (stable), for evaluation and prediction. */
    public List<Batch> byLength(List<EncodedExample> examples) {
        List<EncodedExample> sorted = new ArrayList<>(examples);
        sorted.sort(Comparator.comparingInt(EncodedExample::length));
        return cut(sorted);
    }

    /** The number of batches {@link #shuffled} makes of {@code count} examples. */
    public int batchesPerEpoch(int count) {
        int bucket = batchSize * bucketBatches;
        int full = count / bucket;
        int rest = count % bucket;
        return full * bucketBatches + (rest + batchSize - 1) / batchSize;
    }

    private List<Batch> cut(List<EncodedExample> sorted) {
        List<Batch> out = new ArrayList<>();
        for (int start = 0; start < sorted.size(); start += batchSize) {
            out.add(pad(sorted.subList(start, Math.min(sorted.size(), start + batchSize))));
        }
        return out;
    }

    private Batch pad(List<EncodedExample> rows) {
        int length = rows.stream().mapToInt(EncodedExample::length).max().orElse(0);
        int n = rows.size();
        int[] indexes = new int[n];
        int[][] ids = new int[n][length];
        int[][] mask = new int[n][length];
        int[][] types = new int[n][length];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            EncodedExample e = rows.get(i);
            indexes[i] = e.index();
            labels[i] = e.label();
            Arrays.fill(ids[i], padId);
            System.arraycopy(e.ids(), 0, ids[i], 0, e.length());
            System.arraycopy(e.typeIds(), 0, types[i], 0, e.length());
            Arrays.fill(mask[i], 0, e.length(), 1);
        }
        return new Batch(indexes, ids, mask, types, labels);
    }

    private static void shuffle(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
