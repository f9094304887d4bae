package dev.more.train.data;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The classes of a task and their indexes (the classifier's output rows). Made from the training data:
 * when every label is an integer written plainly ({@code 0}, {@code 7}, {@code -1}) the labels are
 * sorted by value, so 0/1 labels keep their meaning; otherwise they are sorted as strings. Evaluation
 * data is mapped through the same set, and a label it does not know is an error naming the line.
 */
public final class LabelSet {
    private static final Pattern PLAIN_INTEGER = Pattern.compile("0|-?[1-9][0-9]*");

    private final List<String> names;
    private final boolean integers;
    private final Map<String, Integer> indexes = new HashMap<>();

    private LabelSet(List<String> names, boolean integers) {
        this.names = List.copyOf(names);
        this.integers = integers;
        for (int i = 0; i < this.names.size(); i++) {
            if (indexes.put(this.names.get(i), i) != null) {
                throw new IllegalArgumentException("label '" + this.names.get(i) + "' appears twice in " + names);
            }
        }
    }

    /**
     * The labels of {@code train}, sorted as integers or as strings.
     *
     * @throws DataFormatException if the data has a single label (nothing to classify)
     */
    public static LabelSet of(Dataset train) throws DataFormatException {
        TreeSet<String> distinct = new TreeSet<>();
        train.examples().forEach(e -> distinct.add(e.label()));
        boolean integers =
                distinct.stream().allMatch(l -> PLAIN_INTEGER.matcher(l).matches());
        List<String> sorted = new ArrayList<>(distinct);
        if (integers) {
            sorted.sort(Comparator.comparing(BigInteger::new));
        }
        if (sorted.size() < 2) {
            throw new DataFormatException(train.source() + ": every example has the label '" + sorted.getFirst()
                    + "'; classification needs at least two labels");
        }
        return new LabelSet(sorted, integers);
    }

    /**
     * A set with the given names in index order, e.g. as saved with a trained model.
     *
     * @throws IllegalArgumentException if fewer than two names are given or one repeats
     */
    public static LabelSet ofNames(List<String> names, boolean integers) {
        if (names.size() < 2) {
            throw new IllegalArgumentException("a label set needs at least two labels, got " + names);
        }
        return new LabelSet(names, integers);
    }

    /** The label names in index order. */
    public List<String> names() {
        return names;
    }

    /** True when the labels are integers (sorted by value). */
    public boolean integers() {
        return integers;
    }

    /** The number of classes. */
    public int size() {
        return names.size();
    }

    /** The name of class {@code index}. */
    public String name(int index) {
        return names.get(index);
    }

    /** The index of {@code label}, or -1 if the set does not have it. */
    public int indexOf(String label) {
        return indexes.getOrDefault(label, -1);
    }

    /**
     * The class index of every example of {@code data}, in order.
     *
     * @throws DataFormatException naming the file and line of the first label this set does not have
     */
    public int[] indexes(Dataset data) throws DataFormatException {
        int[] out = new int[data.size()];
        for (int i = 0; i < out.length; i++) {
            Example e = data.examples().get(i);
            out[i] = indexOf(e.label());
            if (out[i] < 0) {
                throw DataFormatException.at(
                        data.source(),
                        e.line(),
                        "label '" + e.label()
                                + "' is not one of the training labels " + names
                                + "; evaluate on data with the training "
                                + "labels, or train with examples of '" + e.label() + "'");
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return names.toString();
    }
}
