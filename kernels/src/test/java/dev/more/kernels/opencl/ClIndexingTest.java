package dev.more.kernels.opencl;

import dev.more.kernels.cpu.Layouts;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Row selection, its backward, gather and its backward. The reference loops below are those of the
 * CPU backend (in the tensor module, which this module cannot see); every sum runs in their order,
 * so the results must be equal bit for bit.
 */
class ClIndexingTest {
    private final ClRuntime rt = ClTestDevice.runtime();
    private final Random random = new Random(17);

    @Test
    void selectsRowsAndAddsThemBackInOrder() {
        int rows = 9;
        int length = 13;
        float[] table = Twins.random(random, 4 + rows * length, -1, 1);
        int[] indices = {3, 0, 8, 3, 3, 5, 0};
        float[] selected = new float[indices.length * length];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(table, 4 + indices[i] * length, selected, i * length, length);
        }
        Twins.exact(
                "indexSelect",
                selected,
                rt.download(ClIndexing.indexSelect(rt, rt.upload(table), 4, length, indices), 0, selected.length));
        float[] src = Twins.random(random, 1 + indices.length * length, -1, 1);
        float[] added = new float[rows * length];
        for (int i = 0; i < indices.length; i++) {
            for (int j = 0; j < length; j++) {
                added[indices[i] * length + j] += src[1 + i * length + j];
            }
        }
        Twins.exact(
                "indexAdd",
                added,
                rt.download(ClIndexing.indexAdd(rt, rt.upload(src), 1, length, indices, rows), 0, added.length));
        Twins.exact(
                "indexAdd of nothing",
                new float[2 * length],
                rt.download(ClIndexing.indexAdd(rt, rt.upload(src), 0, length, new int[0], 2), 0, 2 * length));
    }

    @Test
    void invalidGatherIndicesGiveNaNAndAddNothing() {
        float[] x = {1, 2, 3};
        float[] index = {2, -1, 3, 0.5f, 0};
        int[] unit = {1};
        int[] shape = {5};
        Twins.exact(
                "gather",
                new float[] {3, Float.NaN, Float.NaN, Float.NaN, 1},
                rt.download(
                        ClIndexing.gather(rt, rt.upload(x), 0, unit, 0, 3, rt.upload(index), 0, unit, shape), 0, 5));
        Twins.exact(
                "scatterAdd",
                new float[] {5, 0, 1},
                rt.download(
                        ClIndexing.scatterAdd(
                                rt,
                                rt.upload(new float[] {1, 10, 100, 1000, 5}),
                                0,
                                unit,
                                0,
                                rt.upload(index),
                                0,
                                unit,
                                shape,
                                new int[] {3}),
                        0,
                        3));
    }

    @Test
    void gathersAndScattersAlongEachDimension() {
        int[] shape = {4, 6, 5};
        float[] x = Twins.random(random, 120, -1, 1);
        int[] xStrides = {30, 5, 1};
        for (int dim = 0; dim < 3; dim++) {
            int[] indexShape = {3, 4, 5};
            indexShape[dim] = 7; // more picks along dim than x has: repeats
            int count = indexShape[0] * indexShape[1] * indexShape[2];
            float[] index = new float[count];
            for (int i = 0; i < count; i++) {
                index[i] = random.nextInt(shape[dim]);
            }
            int[] iStrides = Layouts.contiguousStrides(indexShape);
            float[] gathered = new float[count];
            float[] src = Twins.random(random, count, -1, 1);
            float[] scattered = new float[120];
            int[] pos = new int[3];
            for (int e = 0; e < count; e++) {
                pos[0] = e / (indexShape[1] * indexShape[2]);
                pos[1] = (e / indexShape[2]) % indexShape[1];
                pos[2] = e % indexShape[2];
                int[] at = pos.clone();
                at[dim] = (int) index[e];
                gathered[e] = x[at[0] * 30 + at[1] * 5 + at[2]];
                scattered[at[0] * 30 + at[1] * 5 + at[2]] += src[e];
            }
            Twins.exact(
                    "gather dim " + dim,
                    gathered,
                    rt.download(
                            ClIndexing.gather(
                                    rt,
                                    rt.upload(x),
                                    0,
                                    xStrides,
                                    dim,
                                    shape[dim],
                                    rt.upload(index),
                                    0,
                                    iStrides,
                                    indexShape),
                            0,
                            count));
            Twins.exact(
                    "scatterAdd dim " + dim,
                    scattered,
                    rt.download(
                            ClIndexing.scatterAdd(
                                    rt,
                                    rt.upload(src),
                                    0,
                                    iStrides,
                                    dim,
                                    rt.upload(index),
                                    0,
                                    iStrides,
                                    indexShape,
                                    shape),
                            0,
                            120));
        }
    }
}
