package dev.more.bench;

import java.util.Random;

/** Shape strings like {@code "8192x384x1536"} and seeded random operands, shared by the benchmarks. */
public final class BenchShapes {
    private BenchShapes() {}

    /** The {@code count} sizes of a shape written {@code AxBxC}. */
    public static int[] parse(String shape, int count) {
        String[] parts = shape.split("x");
        if (parts.length != count) {
            throw new IllegalArgumentException("shape '" + shape + "' should have " + count + " sizes joined by 'x'");
        }
        int[] sizes = new int[count];
        for (int i = 0; i < count; i++) {
            sizes[i] = Integer.parseInt(parts[i].trim());
        }
        return sizes;
    }

    /** {@code n} floats uniform in [-1, 1), fixed by {@code seed}. */
    public static float[] random(int n, long seed) {
        Random random = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextFloat() * 2 - 1;
        }
        return a;
    }
}
