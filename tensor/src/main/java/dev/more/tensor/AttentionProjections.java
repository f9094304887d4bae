package dev.more.tensor;

/**
 * The four linear layers of a self-attention block, each weight (hidden, hidden) and bias (hidden) or
 * null: the query, key and value projections of the input and the projection of the heads' context.
 * Holds tensors, or their storages or layouts on the way to a backend.
 *
 * @param query the query weight
 * @param queryBias the query bias, or null
 * @param key the key weight
 * @param keyBias the key bias, or null
 * @param value the value weight
 * @param valueBias the value bias, or null
 * @param output the output projection's weight
 * @param outputBias the output projection's bias, or null
 * @param <T> what each part is
 */
public record AttentionProjections<T>(
        T query, T queryBias, T key, T keyBias, T value, T valueBias, T output, T outputBias) {
    /** Each part mapped by {@code f}; null parts stay null. */
    public <R> AttentionProjections<R> map(java.util.function.Function<T, R> f) {
        return new AttentionProjections<>(
                apply(f, query),
                apply(f, queryBias),
                apply(f, key),
                apply(f, keyBias),
                apply(f, value),
                apply(f, valueBias),
                apply(f, output),
                apply(f, outputBias));
    }

    private static <T, R> R apply(java.util.function.Function<T, R> f, T part) {
        return part == null ? null : f.apply(part);
    }
}
