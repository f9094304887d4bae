package dev.more.nn.layers;

import dev.more.autograd.Variable;
import dev.more.nn.Module;
import dev.more.nn.Parameter;
import dev.more.tensor.IndexOutOfRangeException;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Arrays;

/**
 * A lookup table: row {@code i} of {@code weight} (shape (count, dim)) is the vector of id {@code i}.
 * Initialised N(0, 1) as {@code torch.nn.Embedding}. With a padding index, as
 * {@code nn.Embedding(padding_idx=...)}: that row starts at zero and never receives a gradient
 * (its value, e.g. a loaded non-zero one, is still used).
 */
public final class Embedding extends Module {
    private final int count;
    private final int dim;
    private final int paddingIndex;
    private final Parameter weight;

    /** {@code count} vectors of size {@code dim}, no padding index. */
    public Embedding(int count, int dim, Rng rng) {
        this(count, dim, -1, rng);
    }

    /** {@code count} vectors of size {@code dim}; {@code paddingIndex} is in [0, count), or -1 for none. */
    public Embedding(int count, int dim, int paddingIndex, Rng rng) {
        if (count <= 0 || dim <= 0) {
            throw new IllegalArgumentException("Embedding: count and dim must be positive, got " + count + ", " + dim);
        }
        if (paddingIndex < -1 || paddingIndex >= count) {
            throw new IllegalArgumentException(
                    "Embedding: padding index " + paddingIndex + " is not in [0, " + count + ") or -1");
        }
        this.count = count;
        this.dim = dim;
        this.paddingIndex = paddingIndex;
        float[] init = Tensor.randn(rng, count, dim).toArray();
        if (paddingIndex >= 0) {
            Arrays.fill(init, paddingIndex * dim, (paddingIndex + 1) * dim, 0f);
        }
        this.weight = addParameter("weight", Tensor.fromArray(init, count, dim));
    }

    /** The vectors of {@code ids}, shape (ids.length, dim). */
    public Variable forward(int... ids) {
        for (int id : ids) {
            if (id < 0 || id >= count) {
                throw new IndexOutOfRangeException("Embedding", id, count);
            }
        }
        Variable table = weight.variable();
        Variable rows = table.indexSelect(0, ids);
        if (paddingIndex >= 0 && rows.requiresGrad() && contains(ids, paddingIndex)) {
            float[] isPad = new float[ids.length];
            for (int i = 0; i < ids.length; i++) {
                isPad[i] = ids[i] == paddingIndex ? 1f : 0f;
            }
            // The padding rows come from a detached copy, so the table's padding row gets no gradient.
            rows = Variable.where(
                    Tensor.fromArray(isPad, ids.length, 1).to(table.value().device()), rows.detach(), rows);
        }
        return rows;
    }

    /** The vectors of a (batch, seq) grid of ids, shape (batch, seq, dim); rows must have one length. */
    public Variable forward(int[][] ids) {
        int seq = Grids.columns("Embedding", "ids", ids);
        return forward(Grids.flatten(ids)).reshape(ids.length, seq, dim);
    }

    private static boolean contains(int[] ids, int value) {
        for (int id : ids) {
            if (id == value) {
                return true;
            }
        }
        return false;
    }

    /** The table, shape (count, dim). */
    public Parameter weight() {
        return weight;
    }

    /** The number of vectors. */
    public int count() {
        return count;
    }

    /** The vector size. */
    public int dim() {
        return dim;
    }

    /** The padding index, or -1. */
    public int paddingIndex() {
        return paddingIndex;
    }
}
