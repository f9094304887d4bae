package dev.more.train.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatcherTest {
    private static final int PAD = 0;

    /** Example i has 1 + (i * 7 % 13) tokens, ids 100 + i, type 1 on its last token, label i % 3. */
    private static List<EncodedExample> examples(int n) {
        List<EncodedExample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int length = 1 + (i * 7 % 13);
            int[] ids = new int[length];
            Arrays.fill(ids, 100 + i);
            int[] types = new int[length];
            types[length - 1] = 1;
            out.add(new EncodedExample(i, ids, types, i % 3));
        }
        return out;
    }

    @Test
    void padsEachBatchToItsLongestRow() {
        List<EncodedExample> examples = examples(40);
        for (Batch b : new Batcher(4, PAD, 3).shuffled(examples, new Rng(1))) {
            int longest = Arrays.stream(b.indexes())
                    .map(i -> examples.get(i).length())
                    .max()
                    .orElseThrow();
            assertThat(b.length()).isEqualTo(longest);
            for (int r = 0; r < b.size(); r++) {
                EncodedExample e = examples.get(b.indexes()[r]);
                for (int t = 0; t < b.length(); t++) {
                    boolean token = t < e.length();
                    assertThat(b.ids()[r][t]).isEqualTo(token ? 100 + e.index() : PAD);
                    assertThat(b.attentionMask()[r][t]).isEqualTo(token ? 1 : 0);
                    assertThat(b.tokenTypeIds()[r][t]).isEqualTo(token && t == e.length() - 1 ? 1 : 0);
                }
                assertThat(b.labels()[r]).isEqualTo(e.label());
            }
        }
    }

    @Test
    void everyExampleOncePerEpochSortedWithinBuckets() {
        List<EncodedExample> examples = examples(103);
        Batcher batcher = new Batcher(8, PAD, 4);
        List<Batch> batches = batcher.shuffled(examples, new Rng(5));
        assertThat(batches).hasSize(batcher.batchesPerEpoch(103)).hasSize(4 * 3 + 1);
        int[] seen = batches.stream()
                .flatMapToInt(b -> Arrays.stream(b.indexes()))
                .sorted()
                .toArray();
        assertThat(seen).isEqualTo(IntStream.range(0, 103).toArray());
        for (Batch b : batches) {
            int[] lengths = Arrays.stream(b.indexes())
                    .map(i -> examples.get(i).length())
                    .toArray();
            assertThat(lengths).isSorted();
        }
    }

    @Test
    void bucketingCutsPaddingAgainstARandomOrder() {
        List<EncodedExample> examples = examples(200);
        int bucketed = padded(new Batcher(8, PAD, 5).shuffled(examples, new Rng(2)));
        int unbucketed = padded(new Batcher(8, PAD, 1).shuffled(examples, new Rng(2)));
        int sortedAll = padded(new Batcher(8, PAD, 1).byLength(examples));
        assertThat(bucketed).isLessThan(unbucketed);
        assertThat(sortedAll).isLessThanOrEqualTo(bucketed);
    }

    private static int padded(List<Batch> batches) {
        return batches.stream()
                .mapToInt(b -> b.size() * b.length() - b.tokens())
                .sum();
    }

    @Test
    void theSeedFixesTheOrderAndEpochsDiffer() {
        List<EncodedExample> examples = examples(64);
        Batcher batcher = new Batcher(4, PAD, 2);
        Rng a = new Rng(9);
        Rng b = new Rng(9);
        List<int[]> epoch1 = order(batcher.shuffled(examples, a));
        assertThat(epoch1).usingRecursiveComparison().isEqualTo(order(batcher.shuffled(examples, b)));
        List<int[]> epoch2 = order(batcher.shuffled(examples, a));
        assertThat(epoch2).usingRecursiveComparison().isEqualTo(order(batcher.shuffled(examples, b)));
        assertThat(flat(epoch2)).isNotEqualTo(flat(epoch1));
        assertThat(flat(order(batcher.shuffled(examples, new Rng(10))))).isNotEqualTo(flat(epoch1));
    }

    @Test
    void evaluationBatchesAreSortedByLengthAndStable() {
        List<EncodedExample> examples = examples(30);
        List<Batch> batches = new Batcher(7, PAD, 1).byLength(examples);
        int[] all = flat(order(batches));
        int[] expected = IntStream.range(0, 30)
                .boxed()
                .sorted(java.util.Comparator.comparingInt(i -> examples.get(i).length()))
                .mapToInt(Integer::intValue)
                .toArray();
        assertThat(all).isEqualTo(expected);
        assertThat(batches).extracting(Batch::size).containsExactly(7, 7, 7, 7, 2);
    }

    private static List<int[]> order(List<Batch> batches) {
        return batches.stream().map(Batch::indexes).toList();
    }

    private static int[] flat(List<int[]> order) {
        return order.stream().flatMapToInt(Arrays::stream).toArray();
    }
}
