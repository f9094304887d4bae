package dev.more.nn.tokenizer;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Byte-pair encoding of one pre-token: start from its characters and apply the merges by rank (lowest first,
 * leftmost first among equal ranks), as the reference library does, until no adjacent pair has a merge.
 */
final class BpeModel {
    /** A candidate merge of the symbol at {@code pos} with its right neighbour. */
    private record Merge(int pos, int rank, int newId) {}

    private static final Comparator<Merge> ORDER =
            Comparator.comparingInt(Merge::rank).thenComparingInt(Merge::pos);

    private final Map<String, Integer> vocab;
    private final Map<Integer, String> tokens;
    /** {@code (leftId << 32 | rightId)} to {@code {rank, mergedId}}. */
    private final Map<Long, int[]> merges;

    private final boolean ignoreMerges;

    BpeModel(Map<String, Integer> vocab, Map<Long, int[]> merges, boolean ignoreMerges) {
        this.vocab = vocab;
        this.merges = merges;
        this.ignoreMerges = ignoreMerges;
        this.tokens = new HashMap<>();
        vocab.forEach((token, id) -> tokens.put(id, token));
    }

    static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /**
     * Parses {@code model.merges}, each {@code "left right"} or {@code ["left", "right"]}; rank is the position.
     * Both parts and their concatenation must be in the vocabulary. A repeated pair keeps its last rank, as in the
     * reference.
     */
    static Map<Long, int[]> parseMerges(JsonField field, Map<String, Integer> vocab) throws TokenizerFormatException {
        Map<Long, int[]> merges = new HashMap<>();
        List<JsonField> entries = field.elements();
        for (int rank = 0; rank < entries.size(); rank++) {
            JsonField entry = entries.get(rank);
            String left;
            String right;
            if (!entry.isAbsent() && entry.node().isTextual()) {
                String[] parts = entry.text().split(" ", -1);
                if (parts.length != 2) {
                    throw entry.error("expected \"left right\" (one space), found \"" + entry.text() + "\"");
                }
                left = parts[0];
                right = parts[1];
            } else {
                List<JsonField> parts = entry.elements();
                if (parts.size() != 2) {
                    throw entry.error("expected [left, right], found " + parts.size() + " elements");
                }
                left = parts.get(0).text();
                right = parts.get(1).text();
            }
            for (String part : new String[] {left, right, left + right}) {
                if (!vocab.containsKey(part)) {
                    throw entry.error(
                            "merge \"" + left + "\" + \"" + right + "\": \"" + part + "\" is not in model.vocab");
                }
            }
            merges.put(pairKey(vocab.get(left), vocab.get(right)), new int[] {rank, vocab.get(left + right)});
        }
        return merges;
    }

    /** Appends the tokens of one pre-token (in byte characters) to {@code out}. */
    void tokenize(String word, List<Token> out) {
        if (word.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            Integer id = vocab.get(word);
            if (id != null) {
                out.add(new Token(id, word));
                return;
            }
        }
        int n = word.length();
        int[] ids = new int[n];
        int[] prev = new int[n];
        int[] next = new int[n];
        boolean[] removed = new boolean[n];
        for (int i = 0; i < n; i++) {
            // Every byte character is in the vocabulary (checked when loading).
            ids[i] = vocab.get(String.valueOf(word.charAt(i)));
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        PriorityQueue<Merge> queue = new PriorityQueue<>(ORDER);
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, i, ids[i], ids[i + 1]);
        }
        while (!queue.isEmpty()) {
            Merge top = queue.poll();
            int pos = top.pos();
            if (removed[pos] || next[pos] < 0) {
                continue;
            }
            int right = next[pos];
            int[] current = merges.get(pairKey(ids[pos], ids[right]));
            // A stale entry: the pair at this position has changed since it was queued.
            if (current == null || current[1] != top.newId()) {
                continue;
            }
            ids[pos] = top.newId();
            removed[right] = true;
            next[pos] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = pos;
            }
            if (prev[pos] >= 0) {
                offer(queue, prev[pos], ids[prev[pos]], ids[pos]);
            }
            if (next[pos] >= 0) {
                offer(queue, pos, ids[pos], ids[next[pos]]);
            }
        }
        for (int i = 0; i >= 0; i = next[i]) {
            out.add(new Token(ids[i], tokens.get(ids[i])));
        }
    }

    private void offer(PriorityQueue<Merge> queue, int pos, int left, int right) {
        int[] merge = merges.get(pairKey(left, right));
        if (merge != null) {
            queue.add(new Merge(pos, merge[0], merge[1]));
        }
    }
}
