package dev.more.kernels.opencl;

import java.util.Map;
import java.util.WeakHashMap;

/**
 * Batched GEMM over strided operands, the OpenCL twin of {@link dev.more.kernels.cpu.Gemm}: tiles of A
 * and B staged in local memory, a block of results per work-item in registers. The tile shape is chosen
 * per device: the largest candidate whose work-group fits both {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * and the built kernel's {@code CL_KERNEL_WORK_GROUP_SIZE}, and whose tiles fit local memory.
 */
public final class ClGemm {
    private static final String FILE = "gemm.cl";
    /** Candidates, largest first: {tile, results per work-item per dimension, depth of a k step}. */
    private static final int[][] CONFIGS = {{64, 4, 16}, {32, 4, 16}, {32, 2, 16}, {16, 2, 16}, {8, 2, 8}, {4, 4, 4}};
    private static final Map<ClRuntime, Config> CHOSEN = new WeakHashMap<>();

    /**
     * A tile shape and its built kernel.
     *
     * @param tile rows and columns of C per work-group
     * @param perItem rows and columns of C per work-item
     * @param depth the k step staged at once
     * @param kernel the kernel built with these sizes
     */
    public record Config(int tile, int perItem, int depth, ClKernel kernel) {
        /** Work-items per dimension of a work-group. */
        public int side() {
            return tile / perItem;
        }
    }

    private ClGemm() {
    }

    /** The tile shape used on {@code rt}'s device. */
    public static synchronized Config config(ClRuntime rt) {
        Config c = CHOSEN.get(rt);
        if (c != null) {
            return c;
        }
        ClDeviceInfo info = rt.info();
        for (int[] candidate : CONFIGS) {
            int side = candidate[0] / candidate[1];
            long localBytes = 2L * 4 * candidate[0] * candidate[2];
            if ((long) side * side > info.maxWorkGroupSize() || localBytes > info.localMemBytes()) {
                continue;
            }
            ClKernel k = rt.kernel(FILE, "gemm", "-DTILE=" + candidate[0] + " -DWPT=" + candidate[1]
                    + " -DTSK=" + candidate[2]);
            if ((long) side * side <= k.workGroupSize()) {
                c = new Config(candidate[0], candidate[1], candidate[2], k);
                CHOSEN.put(rt, c);
                return c;
            }
        }
        throw new OpenClException("no GEMM tile fits " + info.describe());
    }

    /**
     * {@code C[b] = A[b] · B[b] (+ bias)} for each entry b of {@code batchShape}: A[b] is m×k at
     * {@code aOffset + batch position · aBatchStrides} with strides (aRs, aCs), B[b] likewise k×n; C is
     * a new contiguous (batch..., m, n) buffer. {@code bias} (n floats) is added to every row, or null.
     */
    public static ClBuffer matmul(ClRuntime rt, int m, int n, int k, int[] batchShape, ClBuffer a, int aOffset,
                                  int[] aBatchStrides, int aRs, int aCs, ClBuffer b, int bOffset, int[] bBatchStrides,
                                  int bRs, int bCs, ClBuffer bias) {
        ClStrides.Walk batch = ClStrides.coalesce(batchShape, aBatchStrides, bBatchStrides);
        int batches = batch.numel();
        ClBuffer c = rt.allocate(batches * m * n);
        if (batches == 0 || m == 0 || n == 0) {
            return c;
        }
        if (k == 0) {
            ClBuffer zeros = rt.zeros(batches * m * n);
            return bias == null ? zeros : addBias(rt, zeros, bias, batches * m, n);
        }
        Config cfg = config(rt);
        int side = cfg.side();
        long[] global = {(long) ceilDiv(n, cfg.tile()) * side, (long) ceilDiv(m, cfg.tile()) * side, batches};
        cfg.kernel().launch().arg(m).arg(n).arg(k).struct(batch.shapeStruct()).struct(batch.view(0, aOffset)).arg(a)
                .arg(aRs).arg(aCs).struct(batch.view(1, bOffset)).arg(b).arg(bRs).arg(bCs)
                .arg(bias == null ? rt.placeholder() : bias).arg(bias == null ? 0 : 1).arg(c)
                .run(global, new long[] {side, side, 1});
        return c;
    }

    private static ClBuffer addBias(ClRuntime rt, ClBuffer zeros, ClBuffer bias, int rows, int n) {
        return ClElementwise.binary(rt, dev.more.kernels.cpu.BinaryOp.ADD, zeros, 0, new int[] {n, 1}, bias, 0,
                new int[] {0, 1}, new int[] {rows, n});
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
