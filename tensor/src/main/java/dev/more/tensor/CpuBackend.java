package dev.more.tensor;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.BinaryOp;
import dev.more.kernels.DropoutSeed;
import dev.more.kernels.MoReShape;
import dev.more.kernels.ReduceOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.DropoutMask;
import dev.more.kernels.cpu.Elementwise;
import dev.more.kernels.cpu.GatheredRows;
import dev.more.kernels.cpu.Gemm;
import dev.more.kernels.cpu.LayerNorm;
import dev.more.kernels.cpu.Layouts;
import dev.more.kernels.cpu.MoReProduct;
import dev.more.kernels.cpu.MultiHeadAttention;
import dev.more.kernels.cpu.Parallel;
import dev.more.kernels.cpu.Reductions;
import dev.more.kernels.cpu.Softmax;
import dev.more.kernels.cpu.Strides;
import dev.more.kernels.cpu.TokenRows;
import java.util.Arrays;

/** The CPU backend: Java float arrays and the Vector API kernels of {@code dev.more.kernels.cpu}. */
public final class CpuBackend implements Backend {
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {}

    private static float[] data(Storage s) {
        return ((CpuStorage) s).data();
    }

    @Override
    public Device device() {
        return Device.CPU;
    }

    @Override
    public Storage upload(float[] data) {
        return new CpuStorage(data);
    }

    @Override
    public float[] download(Storage x, Layout lx) {
        return data(copy(x, lx));
    }

    @Override
    public Storage zeros(int length) {
        return new CpuStorage(new float[length]);
    }

    @Override
    public Storage copy(Storage x, Layout lx) {
        float[] out = new float[lx.numel()];
        float[] in = data(x);
        byLeadingRows(
                new Layout[] {lx},
                (l, o) -> Elementwise.copy(
                        in,
                        l[0].offset(),
                        l[0].strides(),
                        l[0].shape(),
                        out,
                        o,
                        Layouts.contiguousStrides(l[0].shape())));
        return new CpuStorage(out);
    }

    @Override
    public void copyInto(Storage dst, Layout ldst, Storage src, Layout lsrc) {
        Elementwise.copy(
                data(src), lsrc.offset(), lsrc.strides(), lsrc.shape(), data(dst), ldst.offset(), ldst.strides());
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout lx) {
        float[] out = new float[lx.numel()];
        float[] in = data(x);
        byLeadingRows(
                new Layout[] {lx},
                (l, o) -> Elementwise.unary(op, in, l[0].offset(), l[0].strides(), l[0].shape(), out, o));
        return new CpuStorage(out);
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb) {
        float[] out = new float[la.numel()];
        float[] da = data(a);
        float[] db = data(b);
        byLeadingRows(
                new Layout[] {la, lb},
                (l, o) -> Elementwise.binary(
                        op,
                        da,
                        l[0].offset(),
                        l[0].strides(),
                        db,
                        l[1].offset(),
                        l[1].strides(),
                        l[0].shape(),
                        out,
                        o));
        return new CpuStorage(out);
    }

    @Override
    public Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
        float[] out = new float[la.numel()];
        float[] dc = data(cond);
        float[] da = data(a);
        float[] db = data(b);
        byLeadingRows(
                new Layout[] {lc, la, lb},
                (l, o) -> Elementwise.where(
                        dc,
                        l[0].offset(),
                        l[0].strides(),
                        da,
                        l[1].offset(),
                        l[1].strides(),
                        db,
                        l[2].offset(),
                        l[2].strides(),
                        l[0].shape(),
                        out,
                        o));
        return new CpuStorage(out);
    }

    /** An elementwise kernel over views of one shape, writing a contiguous output from {@code outOffset}. */
    private interface ElementwiseChunk {
        void run(Layout[] views, int outOffset);
    }

    /**
     * Runs {@code body} over slices of the leading dimension of {@code layouts} (all of one shape), on
     * the engine's threads when the op is large. Each element is computed the same way whichever slice
     * holds it, so the result does not depend on the thread count.
     */
    private static void byLeadingRows(Layout[] layouts, ElementwiseChunk body) {
        Layout[] views = layouts.clone();
        while (views[0].rank() > 1 && views[0].dim(0) == 1) {
            for (int i = 0; i < views.length; i++) {
                views[i] = views[i].squeeze(0);
            }
        }
        int total = views[0].numel();
        if (views[0].rank() == 0 || total < Parallel.MIN_TASK_ELEMENTS || views[0].dim(0) < 2) {
            body.run(views, 0);
            return;
        }
        int rows = views[0].dim(0);
        int rowSize = total / rows;
        Parallel.forRange(rows, Math.max(1, Parallel.MIN_TASK_ELEMENTS / rowSize), (from, to) -> {
            Layout[] slice = new Layout[views.length];
            for (int i = 0; i < views.length; i++) {
                slice[i] = views[i].narrow(0, from, to - from);
            }
            body.run(slice, from * rowSize);
        });
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout lx, int reducedDims) {
        int[] shape = lx.shape();
        int n = Layouts.numel(Arrays.copyOfRange(shape, shape.length - reducedDims, shape.length));
        int rows = Layouts.numel(Arrays.copyOf(shape, shape.length - reducedDims));
        float[] out = new float[rows];
        if (op != ReduceOp.ARGMAX && reducedLeadContiguously(lx, reducedDims)) {
            Reductions.columns(op, data(x), lx.offset(), n, rows, out, 0);
            return new CpuStorage(out);
        }
        float[] in = contiguousData(x, lx);
        Reductions.rows(op, in, lx.isContiguous() ? lx.offset() : 0, rows, n, out, 0);
        return new CpuStorage(out);
    }

    /**
     * True when the reduced (trailing) dimensions of {@code lx} are, in memory, the leading ones of a
     * contiguous block: then each result element is a column of that block.
     */
    private static boolean reducedLeadContiguously(Layout lx, int reducedDims) {
        int rank = lx.rank();
        int kept = rank - reducedDims;
        if (kept == 0 || reducedDims == 0) {
            return false;
        }
        int[] order = new int[rank];
        for (int d = 0; d < reducedDims; d++) {
            order[d] = kept + d;
        }
        for (int d = 0; d < kept; d++) {
            order[reducedDims + d] = d;
        }
        return lx.permute(order).isContiguous();
    }

    /** The storage's own array when {@code lx} is contiguous (read from its offset), else a copy. */
    private float[] contiguousData(Storage x, Layout lx) {
        return lx.isContiguous() ? data(x) : data(copy(x, lx));
    }

    private int contiguousOffset(Layout lx) {
        return lx.isContiguous() ? lx.offset() : 0;
    }

    @Override
    public Storage matmul(Storage a, Layout la, Storage b, Layout lb) {
        int r = la.rank();
        int m = la.dim(r - 2);
        int k = la.dim(r - 1);
        int n = lb.dim(r - 1);
        int[] batchShape = Arrays.copyOf(la.shape(), r - 2);
        int batches = Layouts.numel(batchShape);
        float[] out = new float[batches * m * n];
        float[] ad = data(a);
        float[] bd = data(b);
        int[] aOffsets = new int[batches];
        int[] bOffsets = new int[batches];
        Strides walk = Strides.walk(
                batchShape,
                new int[][] {Arrays.copyOf(la.strides(), r - 2), Arrays.copyOf(lb.strides(), r - 2)},
                new int[] {la.offset(), lb.offset()});
        for (int batch = 0; walk.hasRow(); walk.nextRow()) {
            for (int i = 0; i < walk.rowLength(); i++, batch++) {
                aOffsets[batch] = walk.offset(0) + i * walk.rowStride(0);
                bOffsets[batch] = walk.offset(1) + i * walk.rowStride(1);
            }
        }
        // Many small products (attention's heads) share the threads best one product per thread;
        // each GEMM then finds its own split too small to divide again.
        Parallel.forRange(batches, 1, (from, to) -> {
            for (int batch = from; batch < to; batch++) {
                Gemm.matmul(
                        m,
                        n,
                        k,
                        ad,
                        aOffsets[batch],
                        la.stride(r - 2),
                        la.stride(r - 1),
                        bd,
                        bOffsets[batch],
                        lb.stride(r - 2),
                        lb.stride(r - 1),
                        out,
                        batch * m * n,
                        n);
            }
        });
        return new CpuStorage(out);
    }

    @Override
    public Storage linear(Storage x, Layout lx, Storage w, Layout lw, Storage bias) {
        return CpuLinearLayers.linear(this, x, lx, w, lw, bias, false, false)[0];
    }

    @Override
    public Storage[] linearGelu(Storage x, Layout lx, Storage w, Layout lw, Storage bias, boolean keepPreActivation) {
        return CpuLinearLayers.linear(this, x, lx, w, lw, bias, true, keepPreActivation);
    }

    @Override
    public Storage feedForward(
            Storage x,
            Layout lx,
            Storage w1,
            Layout lw1,
            Storage b1,
            Storage w2,
            Layout lw2,
            Storage b2,
            SublayerNorm<Storage> norm) {
        return CpuLinearLayers.feedForward(this, x, lx, w1, lw1, b1, w2, lw2, b2, norm);
    }

    @Override
    public Storage softmax(Storage x, Layout lx, boolean log) {
        int n = lx.rank() == 0 ? 1 : lx.dim(lx.rank() - 1);
        int total = lx.numel();
        float[] out = new float[total];
        if (n > 0) {
            Softmax.rows(contiguousData(x, lx), contiguousOffset(lx), total / n, n, out, 0, log);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage geluBackward(Storage x, Layout lx, Storage dy, Layout ldy) {
        if (!lx.isContiguous() || !ldy.isContiguous()) {
            return Backend.super.geluBackward(x, lx, dy, ldy);
        }
        float[] out = new float[lx.numel()];
        float[] xs = data(x);
        float[] dys = data(dy);
        int xOff = lx.offset();
        int dyOff = ldy.offset();
        Parallel.forRange(
                out.length,
                Parallel.MIN_TASK_ELEMENTS,
                (from, to) -> Elementwise.geluBackward(xs, xOff + from, dys, dyOff + from, to - from, out, from));
        return new CpuStorage(out);
    }

    @Override
    public Storage dropout(Storage x, Layout lx, int seed, float p, float scale) {
        if (!lx.isContiguous()) {
            return Backend.super.dropout(x, lx, seed, p, scale);
        }
        float[] out = new float[lx.numel()];
        DropoutMask.apply(data(x), lx.offset(), out, 0, out.length, seed, p, scale);
        return new CpuStorage(out);
    }

    @Override
    public Storage scaledMaskedSoftmax(Storage x, Layout lx, float scale, Storage mask, Layout lmask) {
        int n = lx.dim(lx.rank() - 1);
        int total = lx.numel();
        float[] out = new float[total];
        if (n > 0) {
            int rows = total / n;
            float[] maskData = null;
            int[] maskRows = null;
            if (mask != null) {
                Layout rowwise = lmask.stride(lmask.rank() - 1) == 1 ? lmask : Layout.contiguous(lmask.shape());
                maskData = rowwise == lmask ? data(mask) : data(copy(mask, lmask));
                maskRows = rowOffsets(rowwise, rows);
            }
            Softmax.scaledMaskedRows(
                    contiguousData(x, lx), contiguousOffset(lx), rows, n, scale, maskData, maskRows, out, 0);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage[] attention(
            AttentionShape s,
            Storage q,
            Layout lq,
            Storage k,
            Layout lk,
            Storage v,
            Layout lv,
            float scale,
            Storage mask,
            Layout lmask,
            DropoutSeed dropout,
            boolean keepProbs) {
        float[] context = new float[s.tokensSize()];
        float[] probs = keepProbs ? new float[s.probsSize()] : null;
        ScoreMask m = scoreMask(s, mask, lmask);
        MultiHeadAttention.forward(
                s,
                tokenRows(s, q, lq),
                tokenRows(s, k, lk),
                tokenRows(s, v, lv),
                scale,
                m.data(),
                m.rows(),
                dropout,
                probs,
                context);
        return new Storage[] {new CpuStorage(context), probs == null ? null : new CpuStorage(probs)};
    }

    @Override
    public Storage attentionBlock(
            AttentionShape s,
            Storage x,
            Layout lx,
            AttentionProjections<Storage> w,
            AttentionProjections<Layout> lw,
            float scale,
            Storage mask,
            Layout lmask,
            SublayerNorm<Storage> norm) {
        ScoreMask m = scoreMask(s, mask, lmask);
        return CpuLinearLayers.attentionBlock(this, s, x, lx, w, lw, scale, m.data(), m.rows(), norm);
    }

    /** An additive attention mask as the kernel takes it: values, and where each score row's start. */
    private record ScoreMask(float[] data, int[] rows) {}

    /** {@code lmask} has the probabilities' shape (stride 0 where it broadcasts); null mask, null parts. */
    private ScoreMask scoreMask(AttentionShape s, Storage mask, Layout lmask) {
        if (mask == null) {
            return new ScoreMask(null, null);
        }
        Layout rowwise = lmask.stride(lmask.rank() - 1) == 1 ? lmask : Layout.contiguous(lmask.shape());
        float[] values = rowwise == lmask ? data(mask) : data(copy(mask, lmask));
        return new ScoreMask(values, rowOffsets(rowwise, s.scoreRows()));
    }

    @Override
    public Storage[] attentionBackward(
            AttentionShape s,
            Storage q,
            Layout lq,
            Storage k,
            Layout lk,
            Storage v,
            Layout lv,
            Storage probs,
            float scale,
            DropoutSeed dropout,
            Storage dContext,
            Layout ldc,
            boolean needDq,
            boolean needDk,
            boolean needDv) {
        float[] dq = needDq ? new float[s.tokensSize()] : null;
        float[] dk = needDk ? new float[s.tokensSize()] : null;
        float[] dv = needDv ? new float[s.tokensSize()] : null;
        MultiHeadAttention.backward(
                s,
                tokenRows(s, q, lq),
                tokenRows(s, k, lk),
                tokenRows(s, v, lv),
                data(probs),
                scale,
                dropout,
                tokenRows(s, dContext, ldc),
                dq,
                dk,
                dv);
        return new Storage[] {wrap(dq), wrap(dk), wrap(dv)};
    }

    private static Storage wrap(float[] data) {
        return data == null ? null : new CpuStorage(data);
    }

    /** A (batch, seq, hidden) operand whose tokens are rows with unit-stride features, copied when it is not one. */
    private TokenRows tokenRows(AttentionShape s, Storage x, Layout lx) {
        boolean rows = lx.stride(2) == 1 && lx.stride(0) == s.seq() * lx.stride(1);
        return rows
                ? new TokenRows(data(x), lx.offset(), lx.stride(1))
                : TokenRows.contiguous(data(copy(x, lx)), s.hidden());
    }

    /** Where each row (all but the last dimension) of {@code l} starts. */
    private static int[] rowOffsets(Layout l, int rows) {
        int[] rowShape = l.shape();
        rowShape[rowShape.length - 1] = 1;
        int[] pos = new int[rowShape.length];
        int[] offsets = new int[rows];
        for (int r = 0; r < rows; r++) {
            offsets[r] = l.offsetOf(pos);
            advance(pos, rowShape);
        }
        return offsets;
    }

    @Override
    public Storage scaledSoftmaxBackward(Storage y, Layout ly, Storage dy, Layout ldy, float scale) {
        int n = ly.dim(ly.rank() - 1);
        int total = ly.numel();
        float[] dx = new float[total];
        if (n > 0) {
            Softmax.scaledBackwardRows(
                    contiguousData(y, ly),
                    contiguousOffset(ly),
                    contiguousData(dy, ldy),
                    contiguousOffset(ldy),
                    total / n,
                    n,
                    scale,
                    dx,
                    0);
        }
        return new CpuStorage(dx);
    }

    @Override
    public Storage layerNorm(Storage x, Layout lx, Storage gamma, Storage beta, float eps) {
        int n = lx.dim(lx.rank() - 1);
        int total = lx.numel();
        float[] out = new float[total];
        if (n > 0) {
            LayerNorm.forward(
                    contiguousData(x, lx),
                    contiguousOffset(lx),
                    total / n,
                    n,
                    gamma == null ? null : data(gamma),
                    beta == null ? null : data(beta),
                    eps,
                    out,
                    0,
                    null,
                    null);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage[] addLayerNorm(
            Storage x,
            Layout lx,
            Storage residual,
            Layout lr,
            Storage gamma,
            Storage beta,
            float eps,
            boolean keepSum) {
        int n = lx.dim(lx.rank() - 1);
        if (!lx.isContiguous() || !lr.isContiguous() || n == 0) {
            return Backend.super.addLayerNorm(x, lx, residual, lr, gamma, beta, eps, keepSum);
        }
        int total = lx.numel();
        float[] out = new float[total];
        float[] sum = keepSum ? new float[total] : null;
        LayerNorm.forwardResidual(
                data(x),
                lx.offset(),
                data(residual),
                lr.offset(),
                total / n,
                n,
                gamma == null ? null : data(gamma),
                beta == null ? null : data(beta),
                eps,
                sum,
                out,
                0);
        return new Storage[] {new CpuStorage(out), sum == null ? null : new CpuStorage(sum)};
    }

    /** Over the residual's array when the residual is all of it, contiguous; else as {@link #addLayerNorm}. */
    @Override
    public Storage addLayerNormOverwriting(
            Storage x, Layout lx, Storage residual, Layout lr, Storage gamma, Storage beta, float eps) {
        int n = lx.dim(lx.rank() - 1);
        float[] target = data(residual);
        if (!lx.isContiguous() || !lr.isContiguous() || lr.offset() != 0 || lr.numel() != target.length || n == 0) {
            return addLayerNorm(x, lx, residual, lr, gamma, beta, eps, false)[0];
        }
        // Row by row, each row's sum is taken before its normalised values are written: over the residual is safe.
        LayerNorm.forwardResidual(
                data(x),
                lx.offset(),
                target,
                0,
                target.length / n,
                n,
                gamma == null ? null : data(gamma),
                beta == null ? null : data(beta),
                eps,
                null,
                target,
                0);
        return residual;
    }

    @Override
    public Storage softmaxBackward(Storage y, Layout ly, Storage dy, Layout ldy, boolean log) {
        int n = ly.rank() == 0 ? 1 : ly.dim(ly.rank() - 1);
        int total = ly.numel();
        float[] dx = new float[total];
        if (n > 0) {
            Softmax.backwardRows(
                    contiguousData(y, ly),
                    contiguousOffset(ly),
                    contiguousData(dy, ldy),
                    contiguousOffset(ldy),
                    total / n,
                    n,
                    dx,
                    0,
                    log);
        }
        return new CpuStorage(dx);
    }

    @Override
    public Storage[] layerNormBackward(
            Storage x, Layout lx, Storage gamma, float eps, Storage dy, Layout ldy, boolean withBeta) {
        int n = lx.dim(lx.rank() - 1);
        int total = lx.numel();
        float[] dx = new float[total];
        float[] dgamma = gamma == null ? null : new float[n];
        float[] dbeta = withBeta ? new float[n] : null;
        if (n > 0) {
            LayerNorm.backward(
                    contiguousData(x, lx),
                    contiguousOffset(lx),
                    total / n,
                    n,
                    gamma == null ? null : data(gamma),
                    eps,
                    contiguousData(dy, ldy),
                    contiguousOffset(ldy),
                    dx,
                    0,
                    dgamma,
                    dbeta);
        }
        return new Storage[] {
            new CpuStorage(dx),
            dgamma == null ? null : new CpuStorage(dgamma),
            dbeta == null ? null : new CpuStorage(dbeta)
        };
    }

    @Override
    public Storage indexSelect(Storage x, Layout lx, int[] indices) {
        int rows = lx.dim(0);
        int rowLength = rows == 0 ? 0 : lx.numel() / rows;
        float[] in = contiguousData(x, lx);
        int base = contiguousOffset(lx);
        float[] out = new float[indices.length * rowLength];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(in, base + indices[i] * rowLength, out, i * rowLength, rowLength);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage sumOfGatheredRows(Storage[] tables, int[][] rows, int n) {
        float[][] data = new float[tables.length][];
        for (int t = 0; t < tables.length; t++) {
            data[t] = data(tables[t]);
        }
        float[] out = new float[rows[0].length * n];
        GatheredRows.sum(data, new int[tables.length], rows, n, out);
        return new CpuStorage(out);
    }

    @Override
    public Storage indexAdd(Storage src, Layout lsrc, int[] indices, int rows) {
        int rowLength = indices.length == 0 ? 0 : lsrc.numel() / indices.length;
        float[] in = contiguousData(src, lsrc);
        int base = contiguousOffset(lsrc);
        float[] out = new float[rows * rowLength];
        for (int i = 0; i < indices.length; i++) {
            int o = indices[i] * rowLength;
            int s = base + i * rowLength;
            for (int j = 0; j < rowLength; j++) {
                out[o + j] += in[s + j];
            }
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage gather(Storage x, Layout lx, int dim, Storage index, Layout lindex) {
        float[] xs = data(x);
        float[] idx = data(index);
        int[] shape = lindex.shape();
        float[] out = new float[lindex.numel()];
        int[] pos = new int[shape.length];
        for (int e = 0; e < out.length; e++) {
            int xo = lx.offset();
            for (int d = 0; d < shape.length; d++) {
                int coordinate = d == dim ? (int) idx[lindex.offsetOf(pos)] : pos[d];
                xo += coordinate * lx.stride(d);
            }
            out[e] = xs[xo];
            advance(pos, shape);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage scatterAdd(Storage src, Layout lsrc, int dim, Storage index, Layout lindex, int[] shape) {
        float[] s = data(src);
        float[] idx = data(index);
        int[] srcShape = lindex.shape();
        int[] outStrides = Layouts.contiguousStrides(shape);
        float[] out = new float[Layouts.numel(shape)];
        int[] pos = new int[srcShape.length];
        for (int e = 0, count = lindex.numel(); e < count; e++) {
            int o = 0;
            for (int d = 0; d < srcShape.length; d++) {
                int coordinate = d == dim ? (int) idx[lindex.offsetOf(pos)] : pos[d];
                o += coordinate * outStrides[d];
            }
            out[o] += s[lsrc.offsetOf(pos)];
            advance(pos, srcShape);
        }
        return new CpuStorage(out);
    }

    @Override
    public Storage moreForward(MoReShape s, Storage x, Layout lx, Storage w1, Storage w2, Storage middle) {
        int rows = lx.numel() / s.in();
        float[] out = new float[rows * s.out()];
        MoReProduct.forward(
                s,
                contiguousData(x, lx),
                contiguousOffset(lx),
                rows,
                data(w1),
                0,
                data(w2),
                0,
                out,
                0,
                middle == null ? null : data(middle));
        return new CpuStorage(out);
    }

    @Override
    public Storage[] moreBackward(
            MoReShape s,
            Storage x,
            Layout lx,
            Storage w1,
            Storage w2,
            Storage middle,
            Storage dOut,
            Layout lDOut,
            boolean needDx) {
        int rows = lx.numel() / s.in();
        float[] dx = needDx ? new float[rows * s.in()] : null;
        float[] dw1 = new float[s.blkdiag1Size()];
        float[] dw2 = new float[s.blkdiag2Size()];
        MoReProduct.backward(
                s,
                contiguousData(x, lx),
                contiguousOffset(lx),
                rows,
                data(w1),
                0,
                data(w2),
                0,
                middle == null ? null : data(middle),
                contiguousData(dOut, lDOut),
                contiguousOffset(lDOut),
                dx,
                0,
                dw1,
                dw2);
        return new Storage[] {dx == null ? null : new CpuStorage(dx), new CpuStorage(dw1), new CpuStorage(dw2)};
    }

    @Override
    public Storage[] adamW(Storage p, Storage g, Storage m, Storage v, int n, AdamWStep s) {
        float[] pd = data(p);
        float[] gd = data(g);
        float[] md = data(m);
        float[] vd = data(v);
        float[] pOut = new float[n];
        float[] mOut = new float[n];
        float[] vOut = new float[n];
        for (int i = 0; i < n; i++) {
            float decayed = pd[i] * s.decay();
            mOut[i] = md[i] * s.beta1() + gd[i] * s.oneMinusBeta1();
            vOut[i] = vd[i] * s.beta2() + (gd[i] * s.oneMinusBeta2()) * gd[i];
            float denominator = (float) Math.sqrt(vOut[i]) / s.sqrtCorrection2() + s.eps();
            pOut[i] = decayed + (mOut[i] * s.negStepSize()) / denominator;
        }
        return new Storage[] {new CpuStorage(pOut), new CpuStorage(mOut), new CpuStorage(vOut)};
    }

    /** Steps a row-major multi-index to the next element. */
    private static void advance(int[] pos, int[] shape) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++pos[d] < shape[d]) {
                return;
            }
            pos[d] = 0;
        }
    }
}
