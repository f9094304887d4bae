package dev.more.train.demodata;

import dev.more.tensor.Rng;
import java.util.List;

/** Seeded choices for the template generators. */
final class Picker {
    private final Rng rng;

    Picker(long seed) {
        this.rng = new Rng(seed);
    }

    /** A uniformly chosen element. */
    <T> T pick(List<T> options) {
        return options.get(rng.nextInt(options.size()));
    }

    /** A uniformly chosen element other than {@code not}. */
    <T> T pickOther(List<T> options, T not) {
        return pickNotIn(options, List.of(not));
    }

    /** A uniformly chosen element that is not in {@code excluded}. */
    <T> T pickNotIn(List<T> options, List<T> excluded) {
        T chosen;
        do {
            chosen = pick(options);
        } while (excluded.contains(chosen));
        return chosen;
    }

    /** A uniform integer in [0, bound). */
    int below(int bound) {
        return rng.nextInt(bound);
    }

    /** True with probability one half. */
    boolean coin() {
        return rng.nextInt(2) == 0;
    }

    /** {@code text} with its first letter in upper case. */
    static String capitalize(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    /** "a" or "an" before {@code word}, by its first letter. */
    static String article(String word) {
        return "aeiou".indexOf(Character.toLowerCase(word.charAt(0))) >= 0 ? "an" : "a";
    }
}
