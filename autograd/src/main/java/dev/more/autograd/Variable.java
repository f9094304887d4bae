package dev.more.autograd;

import dev.more.kernels.DropoutSeed;
import dev.more.tensor.AttentionOps;
import dev.more.tensor.Tensor;

/**
 * A tensor value in a differentiable computation. Leaves are made with {@link #parameter} (they
 * require a gradient) or {@link #constant}; every op on variables returns a new variable and, when
 * any input requires a gradient and no {@link NoGrad} scope is active, records how to differentiate
 * itself. {@link #backward()} then accumulates gradients into the leaves' {@link #grad()}.
 *
 * <p>The op methods mirror {@link Tensor}'s; their backward rules sit beside their forwards in
 * {@code ArithmeticOps}, {@code ShapeOps}, {@code ReductionOps} and {@code NeuralOps}.
 */
public final class Variable {
    private Tensor value;
    private final boolean requiresGrad;
    private final Node node;
    private Tensor grad;

    private Variable(Tensor value, boolean requiresGrad, Node node) {
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf that requires a gradient: a trainable parameter or an input to differentiate by. */
    public static Variable parameter(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that needs no gradient. */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    /**
     * The result of op {@code op}: recorded with its backward {@code rule} when an input requires a
     * gradient and recording is on, else a constant.
     */
    static Variable fromOp(String op, Tensor out, Node.Backward rule, Variable... inputs) {
        return recorded(inputs) ? new Variable(out, true, new Node(op, inputs, rule)) : constant(out);
    }

    /**
     * True when an op on {@code inputs} (null ones ignored) would be recorded: recording is on and one of
     * them requires a gradient. Fused ops ask first, to keep what their backward pass needs only then.
     */
    public static boolean recorded(Variable... inputs) {
        if (NoGrad.active()) {
            return false;
        }
        for (Variable in : inputs) {
            if (in != null && in.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** The current value. */
    public Tensor value() {
        return value;
    }

    /** The value's shape. */
    public int[] shape() {
        return value.shape();
    }

    /** True when gradients flow to or through this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for a leaf (made by {@link #parameter} or {@link #constant}, or detached). */
    public boolean isLeaf() {
        return node == null;
    }

    Node node() {
        return node;
    }

    /** The gradient accumulated by {@link #backward()} calls, or null before the first. Leaves only. */
    public Tensor grad() {
        return grad;
    }

    /** Forgets the accumulated gradient. */
    public void zeroGrad() {
        grad = null;
    }

    /**
     * Replaces the accumulated gradient, e.g. when clipping rescales it. Leaves only; the shape must
     * be the value's.
     */
    public void setGrad(Tensor newGrad) {
        if (node != null) {
            throw new IllegalStateException("setGrad: only a leaf holds a gradient");
        }
        if (newGrad != null && !java.util.Arrays.equals(newGrad.shape(), value.shape())) {
            throw new IllegalArgumentException("setGrad: gradient shape " + java.util.Arrays.toString(newGrad.shape())
                    + " differs from the value's " + java.util.Arrays.toString(value.shape()));
        }
        grad = newGrad;
    }

    void accumulateGrad(Tensor g) {
        grad = grad == null ? g : grad.add(g);
    }

    /**
     * Replaces a leaf's value, e.g. an optimizer's update. The shape must stay the same; the graph
     * recorded from the old value is unaffected.
     */
    public void setValue(Tensor newValue) {
        if (node != null) {
            throw new IllegalStateException("setValue: only a leaf's value may be replaced");
        }
        if (!java.util.Arrays.equals(newValue.shape(), value.shape())) {
            throw new IllegalArgumentException("setValue: new shape " + java.util.Arrays.toString(newValue.shape())
                    + " differs from " + java.util.Arrays.toString(value.shape()));
        }
        value = newValue;
    }

    /** The same value cut off from the graph: a constant leaf. */
    public Variable detach() {
        return constant(value);
    }

    /** Back-propagates from this one-element value (a loss); frees the graph. */
    public void backward() {
        if (value.numel() != 1) {
            throw new IllegalStateException("backward() without a gradient needs a one-element output, not shape "
                    + java.util.Arrays.toString(value.shape()) + "; pass the output's gradient");
        }
        Backprop.run(this, Tensor.ones(value.shape()).to(value.device()), false);
    }

    /** Back-propagates {@code gradient} (the shape of this value), keeping the graph when {@code retainGraph}. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Backprop.run(this, gradient, retainGraph);
    }

    // ---- arithmetic (ArithmeticOps) ---------------------------------------------------------

    /** this + other, broadcast. */
    public Variable add(Variable other) {
        return ArithmeticOps.add(this, other);
    }

    /** this + c. */
    public Variable add(float c) {
        return ArithmeticOps.addScalar(this, c);
    }

    /** this - other, broadcast. */
    public Variable sub(Variable other) {
        return ArithmeticOps.sub(this, other);
    }

    /** this * other, broadcast. */
    public Variable mul(Variable other) {
        return ArithmeticOps.mul(this, other);
    }

    /** this * c. */
    public Variable mul(float c) {
        return ArithmeticOps.mulScalar(this, c);
    }

    /** this / other, broadcast. */
    public Variable div(Variable other) {
        return ArithmeticOps.div(this, other);
    }

    /** this raised to other, broadcast. */
    public Variable pow(Variable other) {
        return ArithmeticOps.pow(this, other);
    }

    /** this raised to the constant {@code exponent}. */
    public Variable pow(float exponent) {
        return ArithmeticOps.powScalar(this, exponent);
    }

    /** Elementwise maximum (ties share the gradient equally, as in PyTorch). */
    public Variable maximum(Variable other) {
        return ArithmeticOps.maximum(this, other);
    }

    /** -this. */
    public Variable neg() {
        return ArithmeticOps.neg(this);
    }

    /** |this|. */
    public Variable abs() {
        return ArithmeticOps.abs(this);
    }

    /** e^this. */
    public Variable exp() {
        return ArithmeticOps.exp(this);
    }

    /** Natural logarithm. */
    public Variable log() {
        return ArithmeticOps.log(this);
    }

    /** Square root. */
    public Variable sqrt() {
        return ArithmeticOps.sqrt(this);
    }

    /** Hyperbolic tangent. */
    public Variable tanh() {
        return ArithmeticOps.tanh(this);
    }

    /** The error function. */
    public Variable erf() {
        return ArithmeticOps.erf(this);
    }

    /** GELU, exact erf form. */
    public Variable gelu() {
        return ArithmeticOps.gelu(this);
    }

    /** max(this, 0). */
    public Variable relu() {
        return ArithmeticOps.relu(this);
    }

    /** Logistic sigmoid. */
    public Variable sigmoid() {
        return ArithmeticOps.sigmoid(this);
    }

    /** {@code cond != 0 ? a : b}, broadcast; {@code cond} is not differentiated. */
    public static Variable where(Tensor cond, Variable a, Variable b) {
        return ArithmeticOps.where(cond, a, b);
    }

    /** This with {@code value} where {@code mask} is non-zero. */
    public Variable maskedFill(Tensor mask, float value) {
        return ArithmeticOps.maskedFill(this, mask, value);
    }

    // ---- shape (ShapeOps) -------------------------------------------------------------------

    /** See {@link Tensor#reshape}. */
    public Variable reshape(int... shape) {
        return ShapeOps.reshape(this, shape);
    }

    /** See {@link Tensor#permute}. */
    public Variable permute(int... order) {
        return ShapeOps.permute(this, order);
    }

    /** See {@link Tensor#transpose}. */
    public Variable transpose(int a, int b) {
        return ShapeOps.transpose(this, a, b);
    }

    /** See {@link Tensor#narrow}. */
    public Variable narrow(int dim, int start, int length) {
        return ShapeOps.narrow(this, dim, start, length);
    }

    /** See {@link Tensor#expand}. */
    public Variable expand(int... shape) {
        return ShapeOps.expand(this, shape);
    }

    /** See {@link Tensor#unsqueeze}. */
    public Variable unsqueeze(int dim) {
        return ShapeOps.unsqueeze(this, dim);
    }

    /** See {@link Tensor#squeeze}. */
    public Variable squeeze(int dim) {
        return ShapeOps.squeeze(this, dim);
    }

    /** See {@link Tensor#concat}. */
    public static Variable concat(int dim, Variable... parts) {
        return ShapeOps.concat(dim, parts);
    }

    /** See {@link Tensor#stack}. */
    public static Variable stack(int dim, Variable... parts) {
        return ShapeOps.stack(dim, parts);
    }

    // ---- reductions (ReductionOps) ----------------------------------------------------------

    /** Sum over {@code axes} (all when none). */
    public Variable sum(boolean keepDim, int... axes) {
        return ReductionOps.sum(this, keepDim, axes);
    }

    /** Sum of all elements. */
    public Variable sum() {
        return ReductionOps.sum(this, false);
    }

    /** Mean over {@code axes} (all when none). */
    public Variable mean(boolean keepDim, int... axes) {
        return ReductionOps.mean(this, keepDim, axes);
    }

    /** Mean of all elements. */
    public Variable mean() {
        return ReductionOps.mean(this, false);
    }

    /** Maximum over {@code axes} (ties share the gradient equally). */
    public Variable max(boolean keepDim, int... axes) {
        return ReductionOps.max(this, keepDim, axes);
    }

    // ---- neural-network ops (NeuralOps) -----------------------------------------------------

    /** See {@link Tensor#matmul}. */
    public Variable matmul(Variable other) {
        return NeuralOps.matmul(this, other);
    }

    /** A linear layer {@code this · weightᵀ + bias}; weight (out, in), bias (out) or null. */
    public Variable linear(Variable weight, Variable bias) {
        return NeuralOps.linear(this, weight, bias);
    }

    /**
     * {@code gelu(this · weightᵀ + bias)} as one node, with the bits of {@link #linear} then {@link #gelu}
     * (see {@link Tensor#linearGelu}).
     */
    public Variable linearGelu(Variable weight, Variable bias) {
        return NeuralOps.linearGelu(this, weight, bias);
    }

    /**
     * A transformer's feed-forward block, {@code linearGelu(w1, b1).linear(w2, b2)}: those two nodes when a
     * gradient will be needed, else {@link Tensor#feedForward}, which keeps no intermediate.
     */
    public Variable feedForward(Variable w1, Variable b1, Variable w2, Variable b2) {
        return NeuralOps.feedForward(this, w1, b1, w2, b2);
    }

    /** Softmax along {@code axis}. */
    public Variable softmax(int axis) {
        return NeuralOps.softmax(this, axis);
    }

    /**
     * Attention's softmax over the last dimension, {@code softmax(this · scale + mask)}, as one node; the
     * additive {@code mask} is a constant (or null).
     */
    public Variable scaledMaskedSoftmax(float scale, Tensor mask) {
        return NeuralOps.scaledMaskedSoftmax(this, scale, mask);
    }

    /**
     * Multi-head scaled dot-product attention with this as the queries, all (batch, seq, hidden) split into
     * {@code heads} heads: {@code dropout(softmax(q·kᵀ·scale + mask))·v} per head, the heads' contexts side
     * by side, as one node (see {@link AttentionOps}). The additive {@code mask} (broadcast to (batch, heads,
     * seq, seq), or null) is a constant; {@code dropout} acts on the probabilities.
     */
    public Variable attention(Variable key, Variable value, int heads, float scale, Tensor mask, DropoutSeed dropout) {
        return NeuralOps.attention(this, key, value, heads, scale, mask, dropout);
    }

    /**
     * Inverted dropout with the mask of {@code seed} (see {@link Tensor#dropout}); the backward pass makes
     * the mask again from the seed instead of keeping it.
     */
    public Variable dropout(int seed, float p) {
        return NeuralOps.dropout(this, seed, p);
    }

    /** Log-softmax along {@code axis}. */
    public Variable logSoftmax(int axis) {
        return NeuralOps.logSoftmax(this, axis);
    }

    /** Layer norm over the last dimension; {@code gamma} and {@code beta} may be null. */
    public Variable layerNorm(Variable gamma, Variable beta, float eps) {
        return NeuralOps.layerNorm(this, gamma, beta, eps);
    }

    /**
     * {@code add(residual).layerNorm(gamma, beta, eps)} as one node, with the same bits and gradients
     * (see {@link Tensor#addLayerNorm}).
     */
    public Variable addLayerNorm(Variable residual, Variable gamma, Variable beta, float eps) {
        return NeuralOps.addLayerNorm(this, residual, gamma, beta, eps);
    }

    /** See {@link Tensor#indexSelect}: an embedding lookup on dim 0. */
    public Variable indexSelect(int dim, int... indices) {
        return NeuralOps.indexSelect(this, dim, indices);
    }

    /**
     * The MoRe adapter product of this (last dimension {@code s.in()}) with factors {@code blkdiag1}
     * (blocks, blkR, inBlk) and {@code blkdiag2} (blocks, outBlk, blkR); see {@code MoReProduct}.
     */
    public Variable more(Variable blkdiag1, Variable blkdiag2, dev.more.kernels.MoReShape s) {
        return NeuralOps.more(this, blkdiag1, blkdiag2, s);
    }

    /** See {@link Tensor#gather}. */
    public Variable gather(int dim, Tensor index) {
        return NeuralOps.gather(this, dim, index);
    }

    @Override
    public String toString() {
        return "Variable(" + value + (requiresGrad ? ", requiresGrad" : "") + (node != null ? ", op " + node.op() : "")
                + ")";
    }
}
