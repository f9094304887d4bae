package dev.more.kernels.opencl;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.cpu.Layouts;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * Batched GEMM over strided operands, the OpenCL twin of {@link dev.more.kernels.cpu.Gemm}, in two
 * variants chosen by the kind of device. On GPUs and other devices whose work-groups share local memory,
 * {@link Variant#TILED}: tiles of A and B staged in local memory, a block of results per work-item in
 * registers, the tile shape the largest candidate whose work-group fits both
 * {@code CL_DEVICE_MAX_WORK_GROUP_SIZE} and the built kernel's {@code CL_KERNEL_WORK_GROUP_SIZE} and whose
 * tiles fit local memory. On CPU devices, {@link Variant#ROWS}: no tiles or barriers, explicit 16-wide
 * vectors, which PoCL runs 3–10 times faster than the tiled kernel.
 */
public final class ClGemm {
    private static final String FILE = "gemm.cl";
    /** Tiled candidates, largest first: {tile, results per work-item per dimension, depth of a k step}. */
    private static final int[][] TILES = {{64, 4, 16}, {32, 4, 16}, {32, 2, 16}, {16, 2, 16}, {8, 2, 8}, {4, 4, 4}};
    /** Rows of C per work-item of {@link Variant#ROWS} (each 16 columns wide). */
    private static final int ROWS_PER_ITEM = 4;

    private static final int ROWS_COLUMNS = 16;
    private static final Map<ClRuntime, Map<Variant, Config>> CHOSEN = new WeakHashMap<>();

    /** The two kernels. */
    public enum Variant {
        /** Local-memory tiles and register blocks: for GPUs. */
        TILED,
        /** Register blocks of 16-wide vectors without local memory: for CPU devices. */
        ROWS
    }

    /**
     * A kernel and its shape.
     *
     * @param variant which kernel
     * @param tile rows and columns of C per work-group (TILED); columns per work-item, 16 (ROWS)
     * @param perItem rows and columns of C per work-item (TILED); rows per work-item (ROWS)
     * @param depth the k step staged at once (TILED); 0 (ROWS)
     * @param kernel the built kernel
     */
    public record Config(Variant variant, int tile, int perItem, int depth, ClKernel kernel) {
        /** Work-items per dimension of a TILED work-group. */
        public int side() {
            return tile / perItem;
        }
    }

    private ClGemm() {}

    /** The configuration used on {@code rt}'s device: ROWS on a CPU device, else TILED. */
    public static Config config(ClRuntime rt) {
        return config(rt, rt.info().cpu() ? Variant.ROWS : Variant.TILED);
    }

    /** The configuration of {@code variant} on {@code rt}'s device (tests run both on one device). */
    public static synchronized Config config(ClRuntime rt, Variant variant) {
        Map<Variant, Config> chosen = CHOSEN.computeIfAbsent(rt, r -> new HashMap<>());
        Config c = chosen.get(variant);
        if (c == null) {
            c = variant == Variant.ROWS
                    ? new Config(
                            variant,
                            ROWS_COLUMNS,
                            ROWS_PER_ITEM,
                            0,
                            rt.kernel("gemm_rows.cl", "gemm_rows", "-DRM=" + ROWS_PER_ITEM))
                    : tiled(rt);
            chosen.put(variant, c);
        }
        return c;
    }

    private static Config tiled(ClRuntime rt) {
        ClDeviceInfo info = rt.info();
        for (int[] candidate : TILES) {
            int side = candidate[0] / candidate[1];
            long localBytes = 2L * 4 * candidate[0] * candidate[2];
            if ((long) side * side > info.maxWorkGroupSize() || localBytes > info.localMemBytes()) {
                continue;
            }
            ClKernel k = rt.kernel(
                    FILE, "gemm", "-DTILE=" + candidate[0] + " -DWPT=" + candidate[1] + " -DTSK=" + candidate[2]);
            if ((long) side * side <= k.workGroupSize()) {
                return new Config(Variant.TILED, candidate[0], candidate[1], candidate[2], k);
            }
        }
        throw new OpenClException("no GEMM tile fits " + info.describe());
    }

    /**
     * {@code C[b] = A[b] · B[b] (+ bias)} for each entry b of {@code batchShape}: A[b] is m×k at
     * {@code aOffset + batch position · aBatchStrides} with strides (aRs, aCs), B[b] likewise k×n; C is
     * a new contiguous (batch..., m, n) buffer. {@code bias} (n floats) is added to every row, or null.
     */
    public static ClBuffer matmul(
            ClRuntime rt,
            int m,
            int n,
            int k,
            int[] batchShape,
            ClBuffer a,
            int aOffset,
            int[] aBatchStrides,
            int aRs,
            int aCs,
            ClBuffer b,
            int bOffset,
            int[] bBatchStrides,
            int bRs,
            int bCs,
            ClBuffer bias) {
        return matmul(
                rt,
                config(rt),
                m,
                n,
                k,
                batchShape,
                a,
                aOffset,
                aBatchStrides,
                aRs,
                aCs,
                b,
                bOffset,
                bBatchStrides,
                bRs,
                bCs,
                bias);
    }

    /** {@link #matmul} with the kernel of {@code cfg}. */
    public static ClBuffer matmul(
            ClRuntime rt,
            Config cfg,
            int m,
            int n,
            int k,
            int[] batchShape,
            ClBuffer a,
            int aOffset,
            int[] aBatchStrides,
            int aRs,
            int aCs,
            ClBuffer b,
            int bOffset,
            int[] bBatchStrides,
            int bRs,
            int bCs,
            ClBuffer bias) {
        int batches = Arrays.stream(batchShape).reduce(1, (x, y) -> x * y);
        if (batches == 0 || m == 0 || n == 0) {
            return rt.allocate(batches * m * n);
        }
        if (k == 0) {
            ClBuffer zeros = rt.zeros(batches * m * n);
            return bias == null
                    ? zeros
                    : ClElementwise.binary(
                            rt, BinaryOp.ADD, zeros, 0, new int[] {n, 1}, bias, 0, new int[] {0, 1}, new int[] {
                                batches * m, n
                            });
        }
        if (cfg.variant() == Variant.ROWS && bCs != 1) {
            // ROWS reads B's rows as vectors: lay B out as contiguous (batch..., k, n) first.
            int[] shape = Arrays.copyOf(batchShape, batchShape.length + 2);
            shape[batchShape.length] = k;
            shape[batchShape.length + 1] = n;
            int[] strides = Arrays.copyOf(bBatchStrides, bBatchStrides.length + 2);
            strides[bBatchStrides.length] = bRs;
            strides[bBatchStrides.length + 1] = bCs;
            ClBuffer packed = ClElementwise.contiguous(rt, b, bOffset, strides, shape);
            int[] packedStrides = Arrays.copyOf(Layouts.contiguousStrides(shape), batchShape.length);
            return matmul(
                    rt,
                    cfg,
                    m,
                    n,
                    k,
                    batchShape,
                    a,
                    aOffset,
                    aBatchStrides,
                    aRs,
                    aCs,
                    packed,
                    0,
                    packedStrides,
                    n,
                    1,
                    bias);
        }
        ClStrides.Walk batch = ClStrides.coalesce(batchShape, aBatchStrides, bBatchStrides);
        ClBuffer c = rt.allocate(batches * m * n);
        ClKernel.Launch launch = cfg.kernel()
                .launch()
                .arg(m)
                .arg(n)
                .arg(k)
                .struct(batch.shapeStruct())
                .struct(batch.view(0, aOffset))
                .arg(a)
                .arg(aRs)
                .arg(aCs)
                .struct(batch.view(1, bOffset))
                .arg(b)
                .arg(bRs);
        if (cfg.variant() == Variant.ROWS) {
            int columnGroups = ceilDiv(n, cfg.tile());
            launch.arg(bias == null ? rt.placeholder() : bias)
                    .arg(bias == null ? 0 : 1)
                    .arg(c)
                    .run(
                            new long[] {columnGroups, ceilDiv(m, cfg.perItem()), batches},
                            new long[] {cfg.kernel().powerOfTwoGroup(columnGroups, 16), 1, 1});
            return c;
        }
        int side = cfg.side();
        launch.arg(bCs)
                .arg(bias == null ? rt.placeholder() : bias)
                .arg(bias == null ? 0 : 1)
                .arg(c)
                .run(
                        new long[] {(long) ceilDiv(n, cfg.tile()) * side, (long) ceilDiv(m, cfg.tile()) * side, batches
                        },
                        new long[] {side, side, 1});
        return c;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
