package dev.more.nn;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.Arrays;

/**
 * A module's trainable tensor. It owns one leaf {@link Variable} that requires a gradient (see
 * {@link #leaf()}): the object an optimizer holds and updates with {@link Variable#setValue}. Freezing
 * ({@link #setTrainable(boolean) setTrainable(false)}) keeps that leaf but makes {@link #variable()},
 * which forward passes use, hand out a constant of its current value, so no gradient reaches it. An
 * optimizer built before or after freezing therefore stays valid: a frozen leaf simply receives no
 * gradient, and its updates, if any, are still the value the model computes with.
 */
public final class Parameter {
    private final Variable leaf;
    private boolean trainable = true;
    private Variable substitute;

    /** A trainable parameter with value {@code initial}. */
    public Parameter(Tensor initial) {
        this.leaf = Variable.parameter(initial);
    }

    /**
     * The variable a forward pass computes with: the leaf while trainable, else a constant of the
     * leaf's current value (during {@link Module#functionalCall} the substituted variable instead).
     */
    public Variable variable() {
        if (substitute != null) {
            return substitute;
        }
        return trainable ? leaf : Variable.constant(leaf.value());
    }

    /** The leaf that holds the value and collects the gradient: what an optimizer updates. */
    public Variable leaf() {
        return leaf;
    }

    /** The current value. */
    public Tensor value() {
        return leaf.value();
    }

    /** Replaces the value; the shape must stay the same. */
    public void setValue(Tensor value) {
        leaf.setValue(value);
    }

    /** The gradient accumulated by backward passes since the last {@link #zeroGrad()}, or null. */
    public Tensor grad() {
        return leaf.grad();
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        leaf.zeroGrad();
    }

    /** The value's shape. */
    public int[] shape() {
        return leaf.shape();
    }

    /** The number of elements. */
    public int numel() {
        return leaf.value().numel();
    }

    /** True when forward passes let gradients reach this parameter. */
    public boolean trainable() {
        return trainable;
    }

    /**
     * Freezes ({@code false}) or unfreezes ({@code true}) this parameter. Freezing also drops any
     * gradient it had accumulated, so that a later optimizer step cannot apply a stale one.
     */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        if (!trainable) {
            leaf.zeroGrad();
        }
    }

    /** Makes {@link #variable()} return {@code v} until {@link #clearSubstitute()}; see {@link Module#functionalCall}. */
    void substitute(Variable v) {
        substitute = v;
    }

    void clearSubstitute() {
        substitute = null;
    }

    @Override
    public String toString() {
        return "Parameter" + Arrays.toString(shape()) + (trainable ? "" : ", frozen");
    }
}
