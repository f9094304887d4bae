package dev.more.tensor;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.ReduceOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.Layouts;
import java.util.Arrays;

/**
 * An n-dimensional float32 array: a {@link Storage} on some {@link Device} seen through a
 * {@link Layout}. Views (reshape, permute, transpose, narrow, expand, squeeze, unsqueeze) share the
 * storage; every other op returns a new tensor computed by the storage's {@link Backend}. Binary ops
 * broadcast as NumPy does. Shape errors throw {@link ShapeException} naming the op and the shapes.
 *
 * <p>Tensors are values: no op changes a tensor that already exists. Gradients live one layer up,
 * in the autograd module.
 */
public final class Tensor {
    private final Storage storage;
    private final Layout layout;

    /** A tensor viewing {@code storage} through {@code layout}. */
    public Tensor(Storage storage, Layout layout) {
        this.storage = storage;
        this.layout = layout;
    }

    // ---- creation ---------------------------------------------------------------------------

    /** A tensor holding a copy of {@code data} in row-major order with the given shape. */
    public static Tensor fromArray(float[] data, int... shape) {
        if (Layouts.numel(shape) != data.length) {
            throw new ShapeException(
                    "fromArray", shape, data.length + " values given, " + Layouts.numel(shape) + " needed");
        }
        return of(data.clone(), shape);
    }

    /** A tensor that takes ownership of {@code data} (no copy). */
    private static Tensor of(float[] data, int... shape) {
        return new Tensor(CpuBackend.INSTANCE.upload(data), Layout.contiguous(shape));
    }

    /** Zeros of {@code shape} on {@code device}. */
    public static Tensor zeros(Device device, int... shape) {
        return new Tensor(Devices.backend(device).zeros(Layouts.numel(shape)), Layout.contiguous(shape));
    }

    /** A rank-0 tensor. */
    public static Tensor scalar(float value) {
        return of(new float[] {value});
    }

    /** Zeros of {@code shape}. */
    public static Tensor zeros(int... shape) {
        return of(new float[Layouts.numel(shape)], shape);
    }

    /** Ones of {@code shape}. */
    public static Tensor ones(int... shape) {
        return full(1f, shape);
    }

    /** {@code value} everywhere in {@code shape}. */
    public static Tensor full(float value, int... shape) {
        float[] data = new float[Layouts.numel(shape)];
        Arrays.fill(data, value);
        return of(data, shape);
    }

    /** 0, 1, ..., n-1. */
    public static Tensor arange(int n) {
        return arange(0, n, 1);
    }

    /** start, start+step, ... while below {@code end} (above it for a negative step). */
    public static Tensor arange(float start, float end, float step) {
        if (step == 0 || !Float.isFinite(start) || !Float.isFinite(end) || !Float.isFinite(step)) {
            throw new IllegalArgumentException(
                    "arange(" + start + ", " + end + ", " + step + "): bounds must be finite and the step non-zero");
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / (double) step));
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = start + i * step;
        }
        return of(data, n);
    }

    /** Uniform in [0, 1). */
    public static Tensor rand(Rng rng, int... shape) {
        return uniform(rng, 0f, 1f, shape);
    }

    /** Uniform in [low, high). */
    public static Tensor uniform(Rng rng, float low, float high, int... shape) {
        float[] data = new float[Layouts.numel(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = low + (high - low) * rng.nextFloat();
        }
        return of(data, shape);
    }

    /** Standard normal. */
    public static Tensor randn(Rng rng, int... shape) {
        float[] data = new float[Layouts.numel(shape)];
        rng.fillGaussian(data);
        return of(data, shape);
    }

    // ---- inspection -------------------------------------------------------------------------

    /** The shape, as a new array. */
    public int[] shape() {
        return layout.shape();
    }

    /** The size of dimension {@code d} (negative counts from the end). */
    public int size(int d) {
        return layout.dim(Shapes.axis("size", layout.shape(), d));
    }

    /** The number of dimensions. */
    public int rank() {
        return layout.rank();
    }

    /** The number of elements. */
    public int numel() {
        return layout.numel();
    }

    /** The layout over the storage. */
    public Layout layout() {
        return layout;
    }

    /** The storage this tensor views. */
    public Storage storage() {
        return storage;
    }

    /** The device the storage lives on. */
    public Device device() {
        return storage.backend().device();
    }

    private Backend backend() {
        return storage.backend();
    }

    /**
     * This tensor on {@code device}: itself when already there, else a contiguous copy of its elements
     * in the device's storage (through the host).
     */
    public Tensor to(Device device) {
        if (device.equals(device())) {
            return this;
        }
        return new Tensor(Devices.backend(device).upload(toArray()), Layout.contiguous(shape()));
    }

    /** The elements in row-major order, as a new array. */
    public float[] toArray() {
        return backend().download(storage, layout);
    }

    /** The value of a one-element tensor. */
    public float item() {
        if (numel() != 1) {
            throw new ShapeException("item", shape(), "only a one-element tensor has an item");
        }
        return toArray()[0];
    }

    /** The element at {@code index}. */
    public float get(int... index) {
        if (index.length != rank()) {
            throw new ShapeException("get", shape(), "index " + Arrays.toString(index) + " has the wrong rank");
        }
        for (int d = 0; d < index.length; d++) {
            if (index[d] < 0 || index[d] >= layout.dim(d)) {
                throw new ShapeException("get", shape(), "index " + Arrays.toString(index) + " is out of range");
            }
        }
        return narrowTo(index).item();
    }

    private Tensor narrowTo(int[] index) {
        Layout l = layout;
        for (int d = 0; d < index.length; d++) {
            l = l.narrow(d, index[d], 1);
        }
        return new Tensor(storage, l);
    }

    // ---- views ------------------------------------------------------------------------------

    /** The same elements in {@code shape} (one entry may be -1); a view when the strides allow. */
    public Tensor reshape(int... shape) {
        int[] target = Shapes.inferred("reshape", shape(), shape);
        Layout view = layout.reshapeView(target);
        if (view != null) {
            return new Tensor(storage, view);
        }
        return contiguous().reshape(target);
    }

    /** Dimensions reordered; dimension d of the result is dimension {@code order[d]} of this. */
    public Tensor permute(int... order) {
        int[] normalised = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            normalised[i] = order[i] < 0 ? order[i] + rank() : order[i];
        }
        return new Tensor(storage, layout.permute(normalised));
    }

    /** Dimensions {@code a} and {@code b} swapped. */
    public Tensor transpose(int a, int b) {
        int[] order = new int[rank()];
        Arrays.setAll(order, i -> i);
        int da = Shapes.axis("transpose", shape(), a);
        int db = Shapes.axis("transpose", shape(), b);
        order[da] = db;
        order[db] = da;
        return new Tensor(storage, layout.permute(order));
    }

    /** Elements {@code start .. start+length-1} along {@code dim}. */
    public Tensor narrow(int dim, int start, int length) {
        return new Tensor(storage, layout.narrow(Shapes.axis("narrow", shape(), dim), start, length));
    }

    /** Broadcast to {@code shape} without copying (stride 0 along repeated dimensions). */
    public Tensor expand(int... shape) {
        return new Tensor(storage, layout.expand(shape));
    }

    /** A size-1 dimension inserted at {@code dim} (which may be rank, to append). */
    public Tensor unsqueeze(int dim) {
        int d = dim < 0 ? dim + rank() + 1 : dim;
        if (d < 0 || d > rank()) {
            throw new ShapeException("unsqueeze", shape(), "dimension " + dim + " is out of range");
        }
        return new Tensor(storage, layout.unsqueeze(d));
    }

    /** Size-1 dimension {@code dim} removed. */
    public Tensor squeeze(int dim) {
        return new Tensor(storage, layout.squeeze(Shapes.axis("squeeze", shape(), dim)));
    }

    /** This tensor when already contiguous, else a contiguous copy. */
    public Tensor contiguous() {
        if (layout.isContiguous()) {
            return this;
        }
        return new Tensor(backend().copy(storage, layout), Layout.contiguous(shape()));
    }

    // ---- elementwise ------------------------------------------------------------------------

    /** {@code op} applied to each element. */
    public Tensor map(UnaryOp op) {
        return result(backend().unary(op, storage, layout), shape());
    }

    /** {@code op} applied to corresponding elements of this and {@code other}, broadcast. */
    public Tensor zip(BinaryOp op, Tensor other) {
        checkSameDevice(op.name().toLowerCase(), other);
        int[] out = Shapes.broadcast(op.name().toLowerCase(), shape(), other.shape());
        return result(backend().binary(op, storage, layout.expand(out), other.storage, other.layout.expand(out)), out);
    }

    private void checkSameDevice(String op, Tensor other) {
        if (!device().equals(other.device())) {
            throw new IllegalArgumentException(
                    op + ": operands are on " + device() + " and " + other.device() + "; move one first");
        }
    }

    private Tensor result(Storage s, int[] shape) {
        return new Tensor(s, Layout.contiguous(shape));
    }

    private Tensor constant(float value) {
        return new Tensor(backend().upload(new float[] {value}), Layout.contiguous());
    }

    /** this + other. */
    public Tensor add(Tensor other) {
        return zip(BinaryOp.ADD, other);
    }

    /** this + value. */
    public Tensor add(float value) {
        return zip(BinaryOp.ADD, constant(value));
    }

    /** this - other. */
    public Tensor sub(Tensor other) {
        return zip(BinaryOp.SUB, other);
    }

    /** this - value. */
    public Tensor sub(float value) {
        return zip(BinaryOp.SUB, constant(value));
    }

    /** this * other. */
    public Tensor mul(Tensor other) {
        return zip(BinaryOp.MUL, other);
    }

    /** this * value. */
    public Tensor mul(float value) {
        return zip(BinaryOp.MUL, constant(value));
    }

    /** this / other. */
    public Tensor div(Tensor other) {
        return zip(BinaryOp.DIV, other);
    }

    /** this / value. */
    public Tensor div(float value) {
        return zip(BinaryOp.DIV, constant(value));
    }

    /** this raised to other. */
    public Tensor pow(Tensor other) {
        return zip(BinaryOp.POW, other);
    }

    /** this raised to {@code exponent}. */
    public Tensor pow(float exponent) {
        return zip(BinaryOp.POW, constant(exponent));
    }

    /** Elementwise maximum. */
    public Tensor maximum(Tensor other) {
        return zip(BinaryOp.MAXIMUM, other);
    }

    /** Elementwise minimum. */
    public Tensor minimum(Tensor other) {
        return zip(BinaryOp.MINIMUM, other);
    }

    /** 1 where this == other, else 0. */
    public Tensor eq(Tensor other) {
        return zip(BinaryOp.EQ, other);
    }

    /** 1 where this != other, else 0. */
    public Tensor ne(Tensor other) {
        return zip(BinaryOp.NE, other);
    }

    /** 1 where this &lt; other, else 0. */
    public Tensor lt(Tensor other) {
        return zip(BinaryOp.LT, other);
    }

    /** 1 where this &lt;= other, else 0. */
    public Tensor le(Tensor other) {
        return zip(BinaryOp.LE, other);
    }

    /** 1 where this &gt; other, else 0. */
    public Tensor gt(Tensor other) {
        return zip(BinaryOp.GT, other);
    }

    /** 1 where this &gt;= other, else 0. */
    public Tensor ge(Tensor other) {
        return zip(BinaryOp.GE, other);
    }

    /** 1 where this &gt; value, else 0. */
    public Tensor gt(float value) {
        return zip(BinaryOp.GT, constant(value));
    }

    /** -this. */
    public Tensor neg() {
        return map(UnaryOp.NEG);
    }

    /** |this|. */
    public Tensor abs() {
        return map(UnaryOp.ABS);
    }

    /** e^this. */
    public Tensor exp() {
        return map(UnaryOp.EXP);
    }

    /** Natural logarithm. */
    public Tensor log() {
        return map(UnaryOp.LOG);
    }

    /** Square root. */
    public Tensor sqrt() {
        return map(UnaryOp.SQRT);
    }

    /** Hyperbolic tangent. */
    public Tensor tanh() {
        return map(UnaryOp.TANH);
    }

    /** The error function. */
    public Tensor erf() {
        return map(UnaryOp.ERF);
    }

    /** GELU, exact erf form. */
    public Tensor gelu() {
        return map(UnaryOp.GELU);
    }

    /** max(this, 0). */
    public Tensor relu() {
        return map(UnaryOp.RELU);
    }

    /** 1 / (1 + e^-this). */
    public Tensor sigmoid() {
        return map(UnaryOp.SIGMOID);
    }

    /** {@code cond != 0 ? a : b}, all three broadcast together. */
    public static Tensor where(Tensor cond, Tensor a, Tensor b) {
        cond.checkSameDevice("where", a);
        cond.checkSameDevice("where", b);
        int[] out = Shapes.broadcast("where", Shapes.broadcast("where", cond.shape(), a.shape()), b.shape());
        return new Tensor(
                cond.backend()
                        .where(
                                cond.storage,
                                cond.layout.expand(out),
                                a.storage,
                                a.layout.expand(out),
                                b.storage,
                                b.layout.expand(out)),
                Layout.contiguous(out));
    }

    /** This with {@code value} wherever {@code mask} is non-zero (mask broadcasts). */
    public Tensor maskedFill(Tensor mask, float value) {
        return where(mask, constant(value), this);
    }

    // ---- reductions -------------------------------------------------------------------------

    /** The sum over {@code axes} (all when none given), dropping them unless {@code keepDim}. */
    public Tensor sum(boolean keepDim, int... axes) {
        return reduce(ReduceOp.SUM, "sum", keepDim, axes);
    }

    /** The sum of all elements, as a rank-0 tensor. */
    public Tensor sum() {
        return sum(false);
    }

    /** The mean over {@code axes} (all when none given). */
    public Tensor mean(boolean keepDim, int... axes) {
        int count = 1;
        for (int a : Shapes.axes("mean", shape(), axes)) {
            count *= layout.dim(a);
        }
        return sum(keepDim, axes).div(count);
    }

    /** The maximum over {@code axes} (all when none given). */
    public Tensor max(boolean keepDim, int... axes) {
        return reduce(ReduceOp.MAX, "max", keepDim, axes);
    }

    /** The index of the first maximum along {@code axis}, as whole-number floats. */
    public Tensor argmax(int axis, boolean keepDim) {
        return reduce(ReduceOp.ARGMAX, "argmax", keepDim, axis);
    }

    private Tensor reduce(ReduceOp op, String name, boolean keepDim, int... axes) {
        int[] shape = shape();
        int[] reduced = Shapes.axes(name, shape, axes);
        boolean[] isReduced = new boolean[shape.length];
        for (int a : reduced) {
            isReduced[a] = true;
        }
        int[] order = new int[shape.length];
        int kept = 0;
        for (int d = 0; d < shape.length; d++) {
            if (!isReduced[d]) {
                order[kept++] = d;
            }
        }
        System.arraycopy(reduced, 0, order, kept, reduced.length);
        int[] outShape = new int[keepDim ? shape.length : kept];
        for (int d = 0, k = 0; d < shape.length; d++) {
            if (keepDim) {
                outShape[d] = isReduced[d] ? 1 : shape[d];
            } else if (!isReduced[d]) {
                outShape[k++] = shape[d];
            }
        }
        return result(backend().reduce(op, storage, layout.permute(order), reduced.length), outShape);
    }

    // ---- linear algebra and neural-network ops ----------------------------------------------

    /**
     * Matrix product with NumPy's rules: 2-D × 2-D, batched (..., m, k) × (..., k, n) with batch
     * dimensions broadcast, and 1-D operands promoted to a row (left) or a column (right) then
     * dropped from the result.
     */
    public Tensor matmul(Tensor other) {
        checkSameDevice("matmul", other);
        if (rank() == 0 || other.rank() == 0) {
            throw new ShapeException("matmul", shape(), other.shape(), "operands must have at least one dimension");
        }
        if (rank() > 2 && other.rank() == 2) {
            // (..., m, k) × (k, n) is one GEMM over all leading rows: one packing of the weight
            // instead of one per batch entry.
            int k = layout.dim(rank() - 1);
            if (other.layout.dim(0) != k) {
                throw new ShapeException(
                        "matmul",
                        shape(),
                        other.shape(),
                        "inner dimensions " + k + " and " + other.layout.dim(0) + " differ");
            }
            int[] outShape = shape();
            outShape[outShape.length - 1] = other.layout.dim(1);
            return reshape(-1, k).matmul(other).reshape(outShape);
        }
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int ra = a.rank();
        int rb = b.rank();
        int k = a.layout.dim(ra - 1);
        if (b.layout.dim(rb - 2) != k) {
            throw new ShapeException(
                    "matmul",
                    shape(),
                    other.shape(),
                    "inner dimensions " + k + " and " + b.layout.dim(rb - 2) + " differ");
        }
        int m = a.layout.dim(ra - 2);
        int n = b.layout.dim(rb - 1);
        int[] batch = Shapes.broadcast("matmul", Arrays.copyOf(a.shape(), ra - 2), Arrays.copyOf(b.shape(), rb - 2));
        int[] aShape = Arrays.copyOf(batch, batch.length + 2);
        aShape[batch.length] = m;
        aShape[batch.length + 1] = k;
        int[] bShape = Arrays.copyOf(batch, batch.length + 2);
        bShape[batch.length] = k;
        bShape[batch.length + 1] = n;
        int[] outShape = Arrays.copyOf(batch, batch.length + 2);
        outShape[batch.length] = m;
        outShape[batch.length + 1] = n;
        Tensor out = result(
                backend().matmul(a.storage, a.layout.expand(aShape), b.storage, b.layout.expand(bShape)), outShape);
        if (rank() == 1) {
            out = out.squeeze(out.rank() - 2);
        }
        if (other.rank() == 1) {
            out = out.squeeze(-1);
        }
        return out;
    }

    /**
     * A linear layer over the last dimension: {@code this · weightᵀ + bias}, with weight (out, in) as
     * PyTorch stores it and bias (out) or null; one GEMM that starts from the bias.
     */
    public Tensor linear(Tensor weight, Tensor bias) {
        int[] outShape = linearShape("linear", weight, bias);
        return result(
                backend().linear(storage, layout, weight.storage, weight.layout, contiguousOrNull(bias)), outShape);
    }

    /** The shape of a linear layer's output on this, (..., out), after checking weight (out, in) and bias (out). */
    private int[] linearShape(String op, Tensor weight, Tensor bias) {
        checkSameDevice(op, weight);
        if (weight.rank() != 2 || rank() == 0 || layout.dim(rank() - 1) != weight.layout.dim(1)) {
            throw new ShapeException(op, shape(), weight.shape(), "needs (..., in) and a weight (out, in)");
        }
        checkBias(op, weight, bias);
        int[] outShape = shape();
        outShape[outShape.length - 1] = weight.layout.dim(0);
        return outShape;
    }

    /** Checks that {@code bias} is null or has the shape [out] of {@code weight} (out, in). */
    private static void checkBias(String op, Tensor weight, Tensor bias) {
        int outFeatures = weight.layout.dim(0);
        if (bias != null && (bias.rank() != 1 || bias.size(0) != outFeatures)) {
            throw new ShapeException(op, weight.shape(), bias.shape(), "bias must have shape [" + outFeatures + "]");
        }
    }

    /**
     * {@code gelu(this · weightᵀ + bias)}, a linear layer and its activation, with GELU applied to each
     * part of the product as it is finished (the bits of {@link #linear} then {@link #gelu}). The
     * pre-activation, which GELU's backward needs, is kept when {@code keepPreActivation}.
     */
    public ActivatedLinear linearGelu(Tensor weight, Tensor bias, boolean keepPreActivation) {
        int[] outShape = linearShape("linearGelu", weight, bias);
        Storage[] out = backend()
                .linearGelu(storage, layout, weight.storage, weight.layout, contiguousOrNull(bias), keepPreActivation);
        return new ActivatedLinear(result(out[0], outShape), out[1] == null ? null : result(out[1], outShape));
    }

    /**
     * A transformer's feed-forward block for inference, {@code gelu(this · w1ᵀ + b1) · w2ᵀ + b2} with weights
     * (hidden, in) and (out, hidden) and biases that may be null: the bits of {@link #linearGelu} then
     * {@link #linear}, with the intermediate never kept (the CPU holds it in a buffer it reuses).
     */
    public Tensor feedForward(Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        return feedForward(w1, b1, w2, b2, null);
    }

    /**
     * {@link #feedForward(Tensor, Tensor, Tensor, Tensor)} then, with {@code norm} (else null), the post-LN
     * sublayer's end {@code layerNorm(block + this)}, the bits of {@link #addLayerNorm}: the block's own
     * output is then never kept either. The output must have this tensor's shape for the residual sum.
     */
    public Tensor feedForward(Tensor w1, Tensor b1, Tensor w2, Tensor b2, SublayerNorm<Tensor> norm) {
        checkSameDevice("feedForward", w1);
        checkSameDevice("feedForward", w2);
        if (w1.rank() != 2
                || w2.rank() != 2
                || rank() == 0
                || layout.dim(rank() - 1) != w1.layout.dim(1)
                || w2.layout.dim(1) != w1.layout.dim(0)) {
            throw new ShapeException(
                    "feedForward",
                    shape(),
                    w1.shape(),
                    w2.shape(),
                    "needs (..., in), w1 (hidden, in) and w2 (out, hidden)");
        }
        checkBias("feedForward", w1, b1);
        checkBias("feedForward", w2, b2);
        int[] outShape = shape();
        outShape[outShape.length - 1] = w2.layout.dim(0);
        if (norm != null) {
            if (!Arrays.equals(outShape, shape())) {
                throw new ShapeException(
                        "feedForward",
                        shape(),
                        outShape,
                        "with a sublayer norm the output must have the input's shape");
            }
            checkNormParameters("feedForward", norm.gamma(), norm.beta());
        }
        return result(
                backend()
                        .feedForward(
                                storage,
                                layout,
                                w1.storage,
                                w1.layout,
                                contiguousOrNull(b1),
                                w2.storage,
                                w2.layout,
                                contiguousOrNull(b2),
                                norm == null ? null : norm.map(Tensor::contiguousStorage)),
                outShape);
    }

    /** Softmax along {@code axis}. */
    public Tensor softmax(int axis) {
        return softmax(axis, false);
    }

    /** Log-softmax along {@code axis}. */
    public Tensor logSoftmax(int axis) {
        return softmax(axis, true);
    }

    /**
     * The gradient of {@link #softmax} (or {@link #logSoftmax} when {@code log}) along {@code axis}, called
     * on the op's output with the output's gradient.
     */
    public Tensor softmaxBackward(int axis, Tensor gradOutput, boolean log) {
        int a = Shapes.axis("softmaxBackward", shape(), axis);
        if (!Arrays.equals(shape(), gradOutput.shape())) {
            throw new ShapeException("softmaxBackward", shape(), gradOutput.shape(), "output and gradient differ");
        }
        int last = rank() - 1;
        Tensor y = a == last ? this : transpose(a, last);
        Tensor dy = a == last ? gradOutput : gradOutput.transpose(a, last);
        Tensor dx = result(backend().softmaxBackward(y.storage, y.layout, dy.storage, dy.layout, log), y.shape());
        return a == last ? dx : dx.transpose(a, last);
    }

    /** The gradient of {@link #gelu} called on its input: {@code gradOutput · GELU'(this)}, in one pass where the backend fuses it. */
    public Tensor geluBackward(Tensor gradOutput) {
        if (!Arrays.equals(shape(), gradOutput.shape())) {
            throw new ShapeException("geluBackward", shape(), gradOutput.shape(), "input and gradient differ");
        }
        checkSameDevice("geluBackward", gradOutput);
        return result(backend().geluBackward(storage, layout, gradOutput.storage, gradOutput.layout), shape());
    }

    /**
     * Inverted dropout: each element is zeroed with probability {@code p} in [0, 1) and the others
     * scaled by {@code 1/(1-p)}, the mask coming from {@code seed} alone ({@link
     * dev.more.kernels.cpu.DropoutMask}): the same seed drops the same elements of any tensor of this
     * shape, which is how the backward pass applies the forward's mask to the gradient without storing it.
     */
    public Tensor dropout(int seed, float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout: probability " + p + " is not in [0, 1)");
        }
        return result(backend().dropout(storage, layout, seed, p, 1f / (1f - p)), shape());
    }

    /**
     * Attention's softmax over the last dimension, {@code softmax(this · scale + mask)}, in one pass
     * where the backend fuses it; {@code mask} (additive, broadcastable to this shape) may be null.
     */
    public Tensor scaledMaskedSoftmax(float scale, Tensor mask) {
        if (rank() == 0) {
            throw new ShapeException("scaledMaskedSoftmax", shape(), "needs at least one dimension");
        }
        Layout lmask = null;
        if (mask != null) {
            checkSameDevice("scaledMaskedSoftmax", mask);
            if (!Arrays.equals(Shapes.broadcast("scaledMaskedSoftmax", shape(), mask.shape()), shape())) {
                throw new ShapeException(
                        "scaledMaskedSoftmax", shape(), mask.shape(), "the mask must broadcast to the scores");
            }
            lmask = mask.layout.expand(shape());
        }
        return result(
                backend().scaledMaskedSoftmax(storage, layout, scale, mask == null ? null : mask.storage, lmask),
                shape());
    }

    /** The gradient of {@link #scaledMaskedSoftmax} with respect to its input, called on its output. */
    public Tensor scaledSoftmaxBackward(float scale, Tensor gradOutput) {
        if (!Arrays.equals(shape(), gradOutput.shape())) {
            throw new ShapeException(
                    "scaledSoftmaxBackward", shape(), gradOutput.shape(), "output and gradient differ");
        }
        return result(
                backend().scaledSoftmaxBackward(storage, layout, gradOutput.storage, gradOutput.layout, scale),
                shape());
    }

    /**
     * The gradients of {@link #layerNorm} called on its input: {@code {dx, dgamma, dbeta}}, dgamma null
     * without gamma, dbeta null unless {@code withBeta}.
     */
    public Tensor[] layerNormBackward(Tensor gamma, float eps, Tensor gradOutput, boolean withBeta) {
        if (!Arrays.equals(shape(), gradOutput.shape())) {
            throw new ShapeException("layerNormBackward", shape(), gradOutput.shape(), "input and gradient differ");
        }
        int n = layout.dim(rank() - 1);
        Storage[] g = backend()
                .layerNormBackward(
                        storage, layout, contiguousOrNull(gamma), eps, gradOutput.storage, gradOutput.layout, withBeta);
        return new Tensor[] {
            result(g[0], shape()),
            g[1] == null ? null : result(g[1], new int[] {n}),
            g[2] == null ? null : result(g[2], new int[] {n})
        };
    }

    private Tensor softmax(int axis, boolean log) {
        int a = Shapes.axis(log ? "logSoftmax" : "softmax", shape(), axis);
        int last = rank() - 1;
        Tensor moved = a == last ? this : transpose(a, last);
        Tensor out = result(backend().softmax(moved.storage, moved.layout, log), moved.shape());
        return a == last ? out : out.transpose(a, last);
    }

    /**
     * Layer norm over the last dimension: {@code (x - mean) / sqrt(var + eps) * gamma + beta}, with
     * the biased variance; {@code gamma} and {@code beta} have the last dimension's size, or are null.
     */
    public Tensor layerNorm(Tensor gamma, Tensor beta, float eps) {
        if (rank() == 0) {
            throw new ShapeException("layerNorm", shape(), "needs at least one dimension");
        }
        checkNormParameters("layerNorm", gamma, beta);
        return result(
                backend().layerNorm(storage, layout, contiguousOrNull(gamma), contiguousOrNull(beta), eps), shape());
    }

    /**
     * {@code layerNorm(this + residual)}, the residual sum and layer norm of a post-LN transformer, in one
     * pass (the bits of {@link #add} then {@link #layerNorm}); the sum, which the backward pass needs, is
     * kept when {@code keepSum}.
     */
    public ResidualNorm addLayerNorm(Tensor residual, Tensor gamma, Tensor beta, float eps, boolean keepSum) {
        checkSameDevice("addLayerNorm", residual);
        if (rank() == 0 || !Arrays.equals(shape(), residual.shape())) {
            throw new ShapeException(
                    "addLayerNorm",
                    shape(),
                    residual.shape(),
                    "x and the residual must have one shape, of at least one dimension");
        }
        checkNormParameters("addLayerNorm", gamma, beta);
        Storage[] out = backend()
                .addLayerNorm(
                        storage,
                        layout,
                        residual.storage,
                        residual.layout,
                        contiguousOrNull(gamma),
                        contiguousOrNull(beta),
                        eps,
                        keepSum);
        return new ResidualNorm(result(out[0], shape()), out[1] == null ? null : result(out[1], shape()));
    }

    /** Checks that gamma and beta of a layer norm over the last dimension are null or of its size. */
    void checkNormParameters(String op, Tensor gamma, Tensor beta) {
        int n = layout.dim(rank() - 1);
        for (Tensor p : new Tensor[] {gamma, beta}) {
            if (p != null && (p.rank() != 1 || p.size(0) != n)) {
                throw new ShapeException(op, shape(), p.shape(), "gamma and beta must have shape [" + n + "]");
            }
        }
    }

    /** {@link #contiguousStorage()} of {@code t}, or null for none. */
    private static Storage contiguousOrNull(Tensor t) {
        return t == null ? null : t.contiguousStorage();
    }

    /** The storage of this tensor's elements in order from offset 0: its own when it already is, else a copy. */
    Storage contiguousStorage() {
        return layout.isContiguous() && layout.offset() == 0
                ? storage
                : backend().copy(storage, layout);
    }

    /** The slices {@code indices} along {@code dim}, in that order (an embedding lookup on dim 0). */
    public Tensor indexSelect(int dim, int... indices) {
        int d = Shapes.axis("indexSelect", shape(), dim);
        checkIndices("indexSelect", indices, layout.dim(d));
        Tensor moved = d == 0 ? this : transpose(0, d);
        int[] outShape = moved.shape();
        outShape[0] = indices.length;
        Tensor out = result(backend().indexSelect(moved.storage, moved.layout, indices), outShape);
        return d == 0 ? out : out.transpose(0, d);
    }

    /**
     * The backward of {@link #indexSelect}: zeros with {@code size} slices along {@code dim}, slice
     * {@code indices[i]} accumulating slice i of this.
     */
    public Tensor indexAdd(int dim, int[] indices, int size) {
        int d = Shapes.axis("indexAdd", shape(), dim);
        checkIndices("indexAdd", indices, size);
        if (layout.dim(d) != indices.length) {
            throw new ShapeException(
                    "indexAdd", shape(), "dimension " + d + " must have one slice per index (" + indices.length + ")");
        }
        Tensor moved = d == 0 ? this : transpose(0, d);
        int[] outShape = moved.shape();
        outShape[0] = size;
        Tensor out = result(backend().indexAdd(moved.storage, moved.layout, indices, size), outShape);
        return d == 0 ? out : out.transpose(0, d);
    }

    private static void checkIndices(String op, int[] indices, int size) {
        for (int i : indices) {
            if (i < 0 || i >= size) {
                throw new IndexOutOfRangeException(op, i, size);
            }
        }
    }

    /**
     * {@code out[..., j, ...] = this[..., index[..., j, ...], ...]} along {@code dim}, as
     * {@code torch.gather}: {@code index} has this tensor's rank, holds whole numbers, and its sizes
     * may not exceed this tensor's outside {@code dim}. An index on the CPU is checked (an
     * {@link IndexOutOfRangeException}); one on a device is not read back, and a bad value there gives NaN.
     */
    public Tensor gather(int dim, Tensor index) {
        int d = Shapes.axis("gather", shape(), dim);
        checkGatherIndex("gather", d, index, shape());
        return result(backend().gather(storage, layout, d, index.storage, index.layout), index.shape());
    }

    /**
     * The backward of {@link #gather}: zeros of {@code shape} with this added at the places {@code index}
     * names (checked as {@link #gather} checks them; a bad value on a device adds nothing).
     */
    public Tensor scatterAdd(int dim, Tensor index, int[] shape) {
        int d = Shapes.axis("scatterAdd", shape, dim);
        checkGatherIndex("scatterAdd", d, index, shape);
        if (!Arrays.equals(index.shape(), shape())) {
            throw new ShapeException("scatterAdd", shape(), index.shape(), "source and index shapes differ");
        }
        return result(backend().scatterAdd(storage, layout, d, index.storage, index.layout, shape), shape);
    }

    private static void checkGatherIndex(String op, int d, Tensor index, int[] shape) {
        int[] is = index.shape();
        if (is.length != shape.length) {
            throw new ShapeException(op, shape, is, "index must have the same rank");
        }
        for (int i = 0; i < is.length; i++) {
            if (i != d && is[i] > shape[i]) {
                throw new ShapeException(op, shape, is, "index is larger than the input in dimension " + i);
            }
        }
        if (index.device().kind() != Device.Kind.CPU) {
            return; // reading a device's index back would stall its queue: the kernel marks bad indices instead
        }
        for (float v : index.toArray()) {
            if (v != Math.rint(v) || v < 0 || v >= shape[d]) {
                throw new IndexOutOfRangeException(op, v, shape[d]);
            }
        }
    }

    /** The tensors joined along {@code dim}; all other dimensions must agree. */
    public static Tensor concat(int dim, Tensor... tensors) {
        if (tensors.length == 0) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        Tensor first = tensors[0];
        int d = Shapes.axis("concat", first.shape(), dim);
        int[] outShape = first.shape();
        outShape[d] = 0;
        for (Tensor t : tensors) {
            first.checkSameDevice("concat", t);
            int[] s = t.shape();
            boolean fits = s.length == outShape.length;
            for (int i = 0; fits && i < s.length; i++) {
                fits = i == d || s[i] == outShape[i];
            }
            if (!fits) {
                throw new ShapeException("concat", first.shape(), s, "all dimensions but " + d + " must agree");
            }
            outShape[d] += s[d];
        }
        Backend backend = first.backend();
        Storage out = backend.zeros(Layouts.numel(outShape));
        Layout whole = Layout.contiguous(outShape);
        int at = 0;
        for (Tensor t : tensors) {
            int len = t.layout.dim(d);
            backend.copyInto(out, whole.narrow(d, at, len), t.storage, t.layout);
            at += len;
        }
        return new Tensor(out, whole);
    }

    /** The tensors (of one shape) stacked along a new dimension {@code dim}. */
    public static Tensor stack(int dim, Tensor... tensors) {
        Tensor[] lifted = new Tensor[tensors.length];
        for (int i = 0; i < tensors.length; i++) {
            lifted[i] = tensors[i].unsqueeze(dim);
            if (!Arrays.equals(tensors[i].shape(), tensors[0].shape())) {
                throw new ShapeException("stack", tensors[0].shape(), tensors[i].shape(), "all shapes must be equal");
            }
        }
        return concat(dim, lifted);
    }

    @Override
    public String toString() {
        return "Tensor" + Arrays.toString(shape()) + (numel() <= 16 ? " " + Arrays.toString(toArray()) : "");
    }
}
