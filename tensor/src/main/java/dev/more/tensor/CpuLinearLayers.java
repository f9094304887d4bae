package dev.more.tensor;

import dev.more.kernels.AttentionShape;
import dev.more.kernels.DropoutSeed;
import dev.more.kernels.cpu.Gemm;
import dev.more.kernels.cpu.MultiHeadAttention;
import dev.more.kernels.cpu.TokenRows;

/**
 * The CPU backend's linear layers: {@code x · wᵀ + bias} over the rows of x as one GEMM that starts each
 * sum from the bias, optionally with GELU applied to each tile as it finishes; and for inference the
 * feed-forward block {@code gelu(x · w1ᵀ + b1) · w2ᵀ + b2} and the attention block (projections, attention,
 * output projection), whose intermediates live in buffers each calling thread reuses.
 */
final class CpuLinearLayers {
    /**
     * The feed-forward intermediate of the calling thread: a fresh array would be zeroed by the JVM and
     * then written from cold memory (for a BERT batch of 32 × 128 tokens it is 25 MB), where a reused
     * one is still in cache from the layer before.
     */
    private static final ThreadLocal<float[]> INTERMEDIATE = ThreadLocal.withInitial(() -> new float[0]);
    /** The attention block's queries, keys and values side by side in each token's row, for the same reason. */
    private static final ThreadLocal<float[]> PROJECTIONS = ThreadLocal.withInitial(() -> new float[0]);
    /** The attention block's context, for the same reason. */
    private static final ThreadLocal<float[]> CONTEXT = ThreadLocal.withInitial(() -> new float[0]);
    /** A block's own output when its residual layer norm follows in the same op, for the same reason. */
    private static final ThreadLocal<float[]> OUTPUT = ThreadLocal.withInitial(() -> new float[0]);

    private CpuLinearLayers() {}

    /** x as (rows, in) rows with unit stride along in; views that are not are copied first. */
    private record Rows(float[] data, Layout layout) {
        static Rows of(CpuBackend backend, Storage x, Layout lx, int rows, int in) {
            Layout view = lx.reshapeView(new int[] {rows, in});
            return view != null
                    ? new Rows(((CpuStorage) x).data(), view)
                    : new Rows(((CpuStorage) backend.copy(x, lx)).data(), Layout.contiguous(rows, in));
        }
    }

    /**
     * {@code {y}} for y = x·wᵀ + bias, or {@code {gelu(y), y or null}} when {@code gelu}: GELU then runs
     * on each finished tile of the product (in place when y is not kept).
     */
    static Storage[] linear(
            CpuBackend backend,
            Storage x,
            Layout lx,
            Storage w,
            Layout lw,
            Storage bias,
            boolean gelu,
            boolean keepPreActivation) {
        int rows = lx.numel() / lw.dim(1);
        float[] out = new float[rows * lw.dim(0)];
        float[] activated = !gelu ? null : keepPreActivation ? new float[out.length] : out;
        product(Rows.of(backend, x, lx, rows, lw.dim(1)), rows, w, lw, bias, out, 0, lw.dim(0), activated);
        if (!gelu) {
            return new Storage[] {new CpuStorage(out)};
        }
        return new Storage[] {new CpuStorage(activated), keepPreActivation ? new CpuStorage(out) : null};
    }

    /**
     * {@code gelu(x · w1ᵀ + b1) · w2ᵀ + b2}, the intermediate in this thread's reused buffer; with {@code norm},
     * {@code layerNorm(that + x)}, the block's output then in a reused buffer too.
     */
    static Storage feedForward(
            CpuBackend backend,
            Storage x,
            Layout lx,
            Storage w1,
            Layout lw1,
            Storage b1,
            Storage w2,
            Layout lw2,
            Storage b2,
            SublayerNorm<Storage> norm) {
        int rows = lx.numel() / lw1.dim(1);
        int width = lw1.dim(0);
        float[] hidden = reused(INTERMEDIATE, rows * width);
        product(Rows.of(backend, x, lx, rows, lw1.dim(1)), rows, w1, lw1, b1, hidden, 0, width, hidden);
        float[] out = output(rows * lw2.dim(0), norm);
        product(new Rows(hidden, Layout.contiguous(rows, width)), rows, w2, lw2, b2, out, 0, lw2.dim(0), null);
        return SublayerNorm.residual(backend, new CpuStorage(out), x, lx, norm);
    }

    /**
     * The attention block for inference: the query, key and value projections of x written side by side
     * into one reused buffer, attention over them into another, and the output projection of that; with
     * {@code norm}, {@code layerNorm(that + x)}, the projection then in a reused buffer too.
     */
    static Storage attentionBlock(
            CpuBackend backend,
            AttentionShape s,
            Storage x,
            Layout lx,
            AttentionProjections<Storage> w,
            AttentionProjections<Layout> lw,
            float scale,
            float[] mask,
            int[] maskRows,
            SublayerNorm<Storage> norm) {
        int rows = s.batch() * s.seq();
        int hidden = s.hidden();
        Rows in = Rows.of(backend, x, lx, rows, hidden);
        float[] qkv = reused(PROJECTIONS, rows * 3 * hidden);
        product(in, rows, w.query(), lw.query(), w.queryBias(), qkv, 0, 3 * hidden, null);
        product(in, rows, w.key(), lw.key(), w.keyBias(), qkv, hidden, 3 * hidden, null);
        product(in, rows, w.value(), lw.value(), w.valueBias(), qkv, 2 * hidden, 3 * hidden, null);
        float[] context = reused(CONTEXT, rows * hidden);
        MultiHeadAttention.forward(
                s,
                new TokenRows(qkv, 0, 3 * hidden),
                new TokenRows(qkv, hidden, 3 * hidden),
                new TokenRows(qkv, 2 * hidden, 3 * hidden),
                scale,
                mask,
                maskRows,
                DropoutSeed.NONE,
                null,
                context);
        float[] out = output(rows * hidden, norm);
        product(
                new Rows(context, Layout.contiguous(rows, hidden)),
                rows,
                w.output(),
                lw.output(),
                w.outputBias(),
                out,
                0,
                hidden,
                null);
        return SublayerNorm.residual(backend, new CpuStorage(out), x, lx, norm);
    }

    /** A block's output array: fresh when it is the result, this thread's reused one when a norm follows. */
    private static float[] output(int size, SublayerNorm<Storage> norm) {
        return norm == null ? new float[size] : reused(OUTPUT, size);
    }

    /** This thread's buffer of {@code holder}, grown to at least {@code size} floats; its contents are stale. */
    private static float[] reused(ThreadLocal<float[]> holder, int size) {
        float[] buffer = holder.get();
        if (buffer.length < size) {
            buffer = new float[size];
            holder.set(buffer);
        }
        return buffer;
    }

    /**
     * {@code out = x·wᵀ + bias} into rows of out from {@code outOff}, {@code ldc} apart, and GELU of it into
     * {@code gelu} (at the same places) when not null.
     */
    private static void product(
            Rows x, int rows, Storage w, Layout lw, Storage bias, float[] out, int outOff, int ldc, float[] gelu) {
        int in = lw.dim(1);
        int outFeatures = lw.dim(0);
        float[] wd = ((CpuStorage) w).data();
        Layout flat = x.layout();
        if (bias == null && gelu == null) {
            Gemm.gemm(
                    rows,
                    outFeatures,
                    in,
                    1f,
                    x.data(),
                    flat.offset(),
                    flat.stride(0),
                    flat.stride(1),
                    wd,
                    lw.offset(),
                    lw.stride(1),
                    lw.stride(0),
                    0f,
                    out,
                    outOff,
                    ldc);
            return;
        }
        // The bias starts each output's sum inside the GEMM: no pass filling the output with it first.
        float[] biasData = bias != null ? ((CpuStorage) bias).data() : new float[outFeatures];
        Gemm.gemmPlusBiasGelu(
                rows,
                outFeatures,
                in,
                x.data(),
                flat.offset(),
                flat.stride(0),
                flat.stride(1),
                wd,
                lw.offset(),
                lw.stride(1),
                lw.stride(0),
                biasData,
                0,
                out,
                outOff,
                ldc,
                gelu);
    }
}
