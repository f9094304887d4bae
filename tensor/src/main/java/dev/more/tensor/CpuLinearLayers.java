package dev.more.tensor;

import dev.more.kernels.cpu.Gemm;

/**
 * The CPU backend's linear layers: {@code x · wᵀ + bias} over the rows of x as one GEMM that starts each
 * sum from the bias, optionally with GELU applied to each tile as it finishes, and the feed-forward block
 * {@code gelu(x · w1ᵀ + b1) · w2ᵀ + b2} whose intermediate lives in a buffer each calling thread reuses.
 */
final class CpuLinearLayers {
    /**
     * The feed-forward intermediate of the calling thread: a fresh array would be zeroed by the JVM and
     * then written from cold memory (for a BERT batch of 32 × 128 tokens it is 25 MB), where a reused
     * one is still in cache from the layer before.
     */
    private static final ThreadLocal<float[]> INTERMEDIATE = ThreadLocal.withInitial(() -> new float[0]);

    private CpuLinearLayers() {
    }

    /** x as (rows, in) rows with unit stride along in; views that are not are copied first. */
    private record Rows(float[] data, Layout layout) {
        static Rows of(CpuBackend backend, Storage x, Layout lx, int rows, int in) {
            Layout view = lx.reshapeView(new int[] {rows, in});
            return view != null ? new Rows(((CpuStorage) x).data(), view)
                    : new Rows(((CpuStorage) backend.copy(x, lx)).data(), Layout.contiguous(rows, in));
        }
    }

    /**
     * {@code {y}} for y = x·wᵀ + bias, or {@code {gelu(y), y or null}} when {@code gelu}: GELU then runs
     * on each finished tile of the product (in place when y is not kept).
     */
    static Storage[] linear(CpuBackend backend, Storage x, Layout lx, Storage w, Layout lw, Storage bias,
                            boolean gelu, boolean keepPreActivation) {
        int rows = lx.numel() / lw.dim(1);
        float[] out = new float[rows * lw.dim(0)];
        float[] activated = !gelu ? null : keepPreActivation ? new float[out.length] : out;
        product(Rows.of(backend, x, lx, rows, lw.dim(1)), rows, w, lw, bias, out, activated);
        if (!gelu) {
            return new Storage[] {new CpuStorage(out)};
        }
        return new Storage[] {new CpuStorage(activated), keepPreActivation ? new CpuStorage(out) : null};
    }

    /** {@code gelu(x · w1ᵀ + b1) · w2ᵀ + b2}, the intermediate in this thread's reused buffer. */
    static Storage feedForward(CpuBackend backend, Storage x, Layout lx, Storage w1, Layout lw1, Storage b1,
                               Storage w2, Layout lw2, Storage b2) {
        int rows = lx.numel() / lw1.dim(1);
        int width = lw1.dim(0);
        float[] hidden = INTERMEDIATE.get();
        if (hidden.length < rows * width) {
            hidden = new float[rows * width];
            INTERMEDIATE.set(hidden);
        }
        product(Rows.of(backend, x, lx, rows, lw1.dim(1)), rows, w1, lw1, b1, hidden, hidden);
        float[] out = new float[rows * lw2.dim(0)];
        product(new Rows(hidden, Layout.contiguous(rows, width)), rows, w2, lw2, b2, out, null);
        return new CpuStorage(out);
    }

    /** {@code out = x·wᵀ + bias} (rows × out, contiguous), and GELU of it into {@code gelu} when not null. */
    private static void product(Rows x, int rows, Storage w, Layout lw, Storage bias, float[] out, float[] gelu) {
        int in = lw.dim(1);
        int outFeatures = lw.dim(0);
        float[] wd = ((CpuStorage) w).data();
        Layout flat = x.layout();
        if (bias == null && gelu == null) {
            Gemm.gemm(rows, outFeatures, in, 1f, x.data(), flat.offset(), flat.stride(0), flat.stride(1), wd,
                    lw.offset(), lw.stride(1), lw.stride(0), 0f, out, 0, outFeatures);
            return;
        }
        // The bias starts each output's sum inside the GEMM: no pass filling the output with it first.
        float[] biasData = bias != null ? ((CpuStorage) bias).data() : new float[outFeatures];
        Gemm.gemmPlusBiasGelu(rows, outFeatures, in, x.data(), flat.offset(), flat.stride(0), flat.stride(1), wd,
                lw.offset(), lw.stride(1), lw.stride(0), biasData, 0, out, 0, outFeatures, gelu);
    }
}
