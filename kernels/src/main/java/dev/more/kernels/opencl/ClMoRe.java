package dev.more.kernels.opencl;

import dev.more.kernels.MoReShape;

/**
 * The fused MoRe product on the device, the OpenCL twin of {@link dev.more.kernels.cpu.MoReProduct}:
 * a work-group takes a tile of rows and keeps their intermediate in local memory, so x is read once and
 * Δ written once; the backward forms dx per tile and each tile's share of the factor gradients, which
 * a second kernel adds up tile by tile in order.
 */
public final class ClMoRe {
    private static final String FILE = "more.cl";
    /** Rows per work-group at most; fewer when local memory is small. */
    private static final int MAX_TILE_ROWS = 32;

    private ClMoRe() {}

    /**
     * {@code MoRe(x)} for {@code rows} contiguous rows of x from {@code xOffset}; contiguous factors.
     * When {@code middle} (rows × s.middle()) is not null it receives each row's intermediate.
     */
    public static ClBuffer forward(
            ClRuntime rt, MoReShape s, ClBuffer x, int xOffset, int rows, ClBuffer w1, ClBuffer w2, ClBuffer middle) {
        ClBuffer y = rt.allocate(rows * s.out());
        if (rows == 0) {
            return y;
        }
        int tile = tileRows(rt, s, 1);
        ClKernel k = rt.kernel(FILE, "more_forward", "");
        int group = k.powerOfTwoGroup((long) tile * Math.max(s.middle(), s.out()), 256);
        int groups = ceilDiv(rows, tile);
        k.launch()
                .arg(x)
                .arg(xOffset)
                .arg(rows)
                .arg(s.in())
                .arg(s.out())
                .arg(s.blocks())
                .arg(s.inBlk())
                .arg(s.blkR())
                .arg(s.outBlk())
                .arg(w1)
                .arg(w2)
                .arg(y)
                .arg(middle == null ? rt.placeholder() : middle)
                .arg(middle == null ? 0 : 1)
                .arg(tile)
                .local(4L * tile * s.middle())
                .run(new long[] {(long) groups * group}, new long[] {group});
        return y;
    }

    /**
     * The gradients of {@link #forward} given {@code dOut} (rows × out, contiguous from {@code dOffset}):
     * {@code {dx, dw1, dw2}}, dx null unless {@code needDx}. {@code middle} is the forward's
     * intermediate, or null to recompute it.
     */
    public static ClBuffer[] backward(
            ClRuntime rt,
            MoReShape s,
            ClBuffer x,
            int xOffset,
            int rows,
            ClBuffer w1,
            ClBuffer w2,
            ClBuffer middle,
            ClBuffer dOut,
            int dOffset,
            boolean needDx) {
        ClBuffer dx = needDx ? rt.allocate(rows * s.in()) : null;
        if (rows == 0) {
            return new ClBuffer[] {dx, rt.zeros(s.blkdiag1Size()), rt.zeros(s.blkdiag2Size())};
        }
        int tile = tileRows(rt, s, 2);
        int groups = ceilDiv(rows, tile);
        ClBuffer partial1 = rt.allocate(groups * s.blkdiag1Size());
        ClBuffer partial2 = rt.allocate(groups * s.blkdiag2Size());
        ClKernel k = rt.kernel(FILE, "more_backward", "");
        int widest = Math.max(Math.max(s.middle(), s.in()), Math.max(s.blkdiag1Size(), s.blkdiag2Size()));
        int group = k.powerOfTwoGroup((long) tile * widest, 256);
        k.launch()
                .arg(x)
                .arg(xOffset)
                .arg(dOut)
                .arg(dOffset)
                .arg(rows)
                .arg(s.in())
                .arg(s.out())
                .arg(s.blocks())
                .arg(s.inBlk())
                .arg(s.blkR())
                .arg(s.outBlk())
                .arg(w1)
                .arg(w2)
                .arg(middle == null ? rt.placeholder() : middle)
                .arg(middle == null ? 0 : 1)
                .arg(dx == null ? rt.placeholder() : dx)
                .arg(needDx ? 1 : 0)
                .arg(partial1)
                .arg(partial2)
                .arg(tile)
                .local(4L * tile * s.middle())
                .local(4L * tile * s.middle())
                .run(new long[] {(long) groups * group}, new long[] {group});
        return new ClBuffer[] {
            dx, sumPartials(rt, partial1, groups, s.blkdiag1Size()), sumPartials(rt, partial2, groups, s.blkdiag2Size())
        };
    }

    private static ClBuffer sumPartials(ClRuntime rt, ClBuffer partial, int groups, int size) {
        ClBuffer out = rt.allocate(size);
        ClKernel k = rt.kernel(FILE, "more_sum_partials", "");
        k.launch().arg(partial).arg(groups).arg(size).arg(out).run(new long[] {size}, new long[] {
            k.powerOfTwoGroup(size, 64)
        });
        return out;
    }

    /** Rows per work-group: as many as fit {@code copies} intermediates in half the local memory. */
    private static int tileRows(ClRuntime rt, MoReShape s, int copies) {
        long fit = rt.info().localMemBytes() / 2 / (4L * copies * s.middle());
        return (int) Math.max(1, Math.min(MAX_TILE_ROWS, fit));
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
