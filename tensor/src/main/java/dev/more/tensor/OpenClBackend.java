package dev.more.tensor;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.MoReShape;
import dev.more.kernels.ReduceOp;
import dev.more.kernels.UnaryOp;
import dev.more.kernels.cpu.Layouts;
import dev.more.kernels.opencl.ClAdamW;
import dev.more.kernels.opencl.ClBuffer;
import dev.more.kernels.opencl.ClElementwise;
import dev.more.kernels.opencl.ClGemm;
import dev.more.kernels.opencl.ClIndexing;
import dev.more.kernels.opencl.ClLayerNorm;
import dev.more.kernels.opencl.ClMoRe;
import dev.more.kernels.opencl.ClReductions;
import dev.more.kernels.opencl.ClRuntime;
import dev.more.kernels.opencl.ClSoftmax;
import dev.more.kernels.opencl.OpenClException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The OpenCL backend: storage in device buffers and the kernels of {@code dev.more.kernels.opencl}.
 * Every op queues kernels on the device's one in-order queue and returns at once; only
 * {@link #download} waits, so the ops of a training step run without a host round trip. Strided
 * operands go to the kernels as views (offset, strides) where the kernel takes them; the row kernels
 * (softmax, layer norm, MoRe, row selection) take contiguous rows, and a strided operand is first
 * copied on the device, as the CPU backend copies it on the host.
 */
public final class OpenClBackend implements Backend {
    private static final Map<Integer, OpenClBackend> BACKENDS = new HashMap<>();

    private final ClRuntime rt;
    private final Device device;

    private OpenClBackend(ClRuntime rt, int index) {
        this.rt = rt;
        this.device = new Device(Device.Kind.OPENCL, index);
    }

    /**
     * The backend of OpenCL device {@code index}, created on first use.
     *
     * @throws OpenClException if OpenCL is unavailable or has no such device
     */
    public static synchronized OpenClBackend get(int index) {
        return BACKENDS.computeIfAbsent(index, i -> new OpenClBackend(ClRuntime.get(i), i));
    }

    /** The runtime of this backend's device. */
    public ClRuntime runtime() {
        return rt;
    }

    @Override
    public Device device() {
        return device;
    }

    private ClBuffer buffer(Storage s) {
        if (s instanceof OpenClStorage cl && cl.backend() == this) {
            return cl.buffer();
        }
        throw new IllegalArgumentException("an operand of an op on " + device + " is on "
                + s.backend().device() + "; move it with Tensor.to(" + device + ") first");
    }

    private Storage wrap(ClBuffer b) {
        return new OpenClStorage(this, b);
    }

    /** The buffer holding {@code lx}'s elements contiguously from its offset: x's own when it already does. */
    private ClBuffer contiguous(Storage x, Layout lx) {
        return lx.isContiguous() ? buffer(x) : buffer(copy(x, lx));
    }

    private static int contiguousOffset(Layout lx) {
        return lx.isContiguous() ? lx.offset() : 0;
    }

    @Override
    public Storage upload(float[] data) {
        return wrap(rt.upload(data));
    }

    @Override
    public float[] download(Storage x, Layout lx) {
        return rt.download(contiguous(x, lx), contiguousOffset(lx), lx.numel());
    }

    @Override
    public Storage zeros(int length) {
        return wrap(rt.zeros(length));
    }

    @Override
    public Storage copy(Storage x, Layout lx) {
        return wrap(ClElementwise.contiguous(rt, buffer(x), lx.offset(), lx.strides(), lx.shape()));
    }

    @Override
    public void copyInto(Storage dst, Layout ldst, Storage src, Layout lsrc) {
        ClElementwise.copy(
                rt,
                buffer(src),
                lsrc.offset(),
                lsrc.strides(),
                lsrc.shape(),
                buffer(dst),
                ldst.offset(),
                ldst.strides());
    }

    @Override
    public Storage unary(UnaryOp op, Storage x, Layout lx) {
        return wrap(ClElementwise.unary(rt, op, buffer(x), lx.offset(), lx.strides(), lx.shape()));
    }

    @Override
    public Storage binary(BinaryOp op, Storage a, Layout la, Storage b, Layout lb) {
        return wrap(ClElementwise.binary(
                rt, op, buffer(a), la.offset(), la.strides(), buffer(b), lb.offset(), lb.strides(), la.shape()));
    }

    @Override
    public Storage where(Storage cond, Layout lc, Storage a, Layout la, Storage b, Layout lb) {
        return wrap(ClElementwise.where(
                rt,
                buffer(cond),
                lc.offset(),
                lc.strides(),
                buffer(a),
                la.offset(),
                la.strides(),
                buffer(b),
                lb.offset(),
                lb.strides(),
                la.shape()));
    }

    @Override
    public Storage reduce(ReduceOp op, Storage x, Layout lx, int reducedDims) {
        return wrap(ClReductions.reduce(rt, op, buffer(x), lx.offset(), lx.strides(), lx.shape(), reducedDims));
    }

    @Override
    public Storage matmul(Storage a, Layout la, Storage b, Layout lb) {
        int r = la.rank();
        return wrap(ClGemm.matmul(
                rt,
                la.dim(r - 2),
                lb.dim(r - 1),
                la.dim(r - 1),
                Arrays.copyOf(la.shape(), r - 2),
                buffer(a),
                la.offset(),
                Arrays.copyOf(la.strides(), r - 2),
                la.stride(r - 2),
                la.stride(r - 1),
                buffer(b),
                lb.offset(),
                Arrays.copyOf(lb.strides(), r - 2),
                lb.stride(r - 2),
                lb.stride(r - 1),
                null));
    }

    @Override
    public Storage linear(Storage x, Layout lx, Storage w, Layout lw, Storage bias) {
        int in = lw.dim(1);
        int rows = lx.numel() / in;
        // x as (rows, in) needs one stride per axis; else a contiguous copy. w's transpose is a stride swap.
        Layout view = lx.reshapeView(new int[] {rows, in});
        Layout flat = view != null ? view : Layout.contiguous(rows, in);
        ClBuffer xb = view != null ? buffer(x) : buffer(copy(x, lx));
        return wrap(ClGemm.matmul(
                rt,
                rows,
                lw.dim(0),
                in,
                new int[0],
                xb,
                flat.offset(),
                new int[0],
                flat.stride(0),
                flat.stride(1),
                buffer(w),
                lw.offset(),
                new int[0],
                lw.stride(1),
                lw.stride(0),
                bias == null ? null : buffer(bias)));
    }

    @Override
    public Storage softmax(Storage x, Layout lx, boolean log) {
        int n = lx.rank() == 0 ? 1 : lx.dim(lx.rank() - 1);
        int total = lx.numel();
        if (n == 0 || total == 0) {
            return zeros(total);
        }
        return wrap(ClSoftmax.rows(rt, contiguous(x, lx), contiguousOffset(lx), total / n, n, log));
    }

    @Override
    public Storage layerNorm(Storage x, Layout lx, Storage gamma, Storage beta, float eps) {
        int n = lx.dim(lx.rank() - 1);
        int total = lx.numel();
        if (n == 0 || total == 0) {
            return zeros(total);
        }
        return wrap(ClLayerNorm.forward(
                rt,
                contiguous(x, lx),
                contiguousOffset(lx),
                total / n,
                n,
                gamma == null ? null : buffer(gamma),
                beta == null ? null : buffer(beta),
                eps));
    }

    @Override
    public Storage softmaxBackward(Storage y, Layout ly, Storage dy, Layout ldy, boolean log) {
        int n = ly.rank() == 0 ? 1 : ly.dim(ly.rank() - 1);
        int total = ly.numel();
        if (n == 0 || total == 0) {
            return zeros(total);
        }
        return wrap(ClSoftmax.backwardRows(
                rt,
                contiguous(y, ly),
                contiguousOffset(ly),
                contiguous(dy, ldy),
                contiguousOffset(ldy),
                total / n,
                n,
                log));
    }

    @Override
    public Storage[] layerNormBackward(
            Storage x, Layout lx, Storage gamma, float eps, Storage dy, Layout ldy, boolean withBeta) {
        int n = lx.dim(lx.rank() - 1);
        int total = lx.numel();
        if (n == 0 || total == 0) {
            return new Storage[] {zeros(total), gamma == null ? null : zeros(n), withBeta ? zeros(n) : null};
        }
        ClBuffer[] g = ClLayerNorm.backward(
                rt,
                contiguous(x, lx),
                contiguousOffset(lx),
                total / n,
                n,
                gamma == null ? null : buffer(gamma),
                eps,
                contiguous(dy, ldy),
                contiguousOffset(ldy),
                withBeta);
        return new Storage[] {wrap(g[0]), g[1] == null ? null : wrap(g[1]), g[2] == null ? null : wrap(g[2])};
    }

    @Override
    public Storage indexSelect(Storage x, Layout lx, int[] indices) {
        int rows = lx.dim(0);
        int rowLength = rows == 0 ? 0 : lx.numel() / rows;
        return wrap(ClIndexing.indexSelect(rt, contiguous(x, lx), contiguousOffset(lx), rowLength, indices));
    }

    @Override
    public Storage indexAdd(Storage src, Layout lsrc, int[] indices, int rows) {
        int rowLength = indices.length == 0 ? 0 : lsrc.numel() / indices.length;
        return wrap(ClIndexing.indexAdd(rt, contiguous(src, lsrc), contiguousOffset(lsrc), rowLength, indices, rows));
    }

    @Override
    public Storage gather(Storage x, Layout lx, int dim, Storage index, Layout lindex) {
        if (lindex.numel() == 0) {
            return zeros(0);
        }
        return wrap(ClIndexing.gather(
                rt,
                buffer(x),
                lx.offset(),
                lx.strides(),
                dim,
                lx.dim(dim),
                buffer(index),
                lindex.offset(),
                lindex.strides(),
                lindex.shape()));
    }

    @Override
    public Storage scatterAdd(Storage src, Layout lsrc, int dim, Storage index, Layout lindex, int[] shape) {
        if (Layouts.numel(shape) == 0) {
            return zeros(0);
        }
        return wrap(ClIndexing.scatterAdd(
                rt,
                buffer(src),
                lsrc.offset(),
                lsrc.strides(),
                dim,
                buffer(index),
                lindex.offset(),
                lindex.strides(),
                lindex.shape(),
                shape));
    }

    @Override
    public Storage moreForward(MoReShape s, Storage x, Layout lx, Storage w1, Storage w2, Storage middle) {
        int rows = lx.numel() / s.in();
        return wrap(ClMoRe.forward(
                rt,
                s,
                contiguous(x, lx),
                contiguousOffset(lx),
                rows,
                buffer(w1),
                buffer(w2),
                middle == null ? null : buffer(middle)));
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
        ClBuffer[] g = ClMoRe.backward(
                rt,
                s,
                contiguous(x, lx),
                contiguousOffset(lx),
                rows,
                buffer(w1),
                buffer(w2),
                middle == null ? null : buffer(middle),
                contiguous(dOut, lDOut),
                contiguousOffset(lDOut),
                needDx);
        return new Storage[] {g[0] == null ? null : wrap(g[0]), wrap(g[1]), wrap(g[2])};
    }

    @Override
    public Storage[] adamW(Storage p, Storage g, Storage m, Storage v, int n, AdamWStep s) {
        ClBuffer[] out = ClAdamW.update(
                rt,
                buffer(p),
                buffer(g),
                buffer(m),
                buffer(v),
                n,
                new ClAdamW.Step(
                        s.decay(),
                        s.beta1(),
                        s.oneMinusBeta1(),
                        s.beta2(),
                        s.oneMinusBeta2(),
                        s.negStepSize(),
                        s.sqrtCorrection2(),
                        s.eps()));
        return new Storage[] {wrap(out[0]), wrap(out[1]), wrap(out[2])};
    }
}
