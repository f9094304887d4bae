package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The vector path of {@link DropoutMask}: the same hash in int lanes. */
final class DropoutMaskVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);

    private DropoutMaskVector() {}

    /** Fills the whole vectors of {@code mask} from {@code from} towards {@code to}; returns where it stopped. */
    static int fill(float[] mask, int from, int to, int seed, float p, float scale) {
        int bound = from + S.loopBound(to - from);
        IntVector lane = IntVector.zero(I).addIndex(1).mul(DropoutMask.GOLDEN);
        int step = S.length() * DropoutMask.GOLDEN;
        int counter = seed + from * DropoutMask.GOLDEN;
        FloatVector kept = FloatVector.broadcast(S, scale);
        for (int i = from; i < bound; i += S.length(), counter += step) {
            mask(lane.add(counter), p, kept).intoArray(mask, i);
        }
        return bound;
    }

    /** {@link DropoutMask#apply} over the whole vectors from {@code from} towards {@code to}; returns where it stopped. */
    static int apply(float[] x, int xOff, float[] out, int outOff, int from, int to, int seed, float p, float scale) {
        int bound = from + S.loopBound(to - from);
        IntVector lane = IntVector.zero(I).addIndex(1).mul(DropoutMask.GOLDEN);
        int step = S.length() * DropoutMask.GOLDEN;
        int counter = seed + from * DropoutMask.GOLDEN;
        FloatVector kept = FloatVector.broadcast(S, scale);
        for (int i = from; i < bound; i += S.length(), counter += step) {
            FloatVector.fromArray(S, x, xOff + i)
                    .mul(mask(lane.add(counter), p, kept))
                    .intoArray(out, outOff + i);
        }
        return bound;
    }

    /** The mask lanes for counters {@code x}: {@code kept} where the hash's uniform is at least p, else 0. */
    private static FloatVector mask(IntVector x, float p, FloatVector kept) {
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16))
                .mul(DropoutMask.MULTIPLIER_1);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 15))
                .mul(DropoutMask.MULTIPLIER_2);
        x = x.lanewise(VectorOperators.XOR, x.lanewise(VectorOperators.LSHR, 16));
        FloatVector u = ((FloatVector) x.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0))
                .mul(DropoutMask.INV_2_24);
        return FloatVector.zero(S).blend(kept, u.compare(VectorOperators.GE, p));
    }
}
