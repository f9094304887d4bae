package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GatheredRowsTest {
    private final Random random = new Random(5);

    private float[] randomArray(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) random.nextGaussian();
        }
        return a;
    }

    @Test
    void sumsTheRowsOfEachTableLeftToRightAsSeparateAddsRoundThem() {
        int n = 37; // whole vectors and a tail
        float[] words = randomArray(3 + 50 * n);
        float[] positions = randomArray(8 * n);
        float[] types = randomArray(2 * n);
        int count = 400;
        int[] ids = new int[count];
        int[] places = new int[count];
        int[] kinds = new int[count];
        for (int i = 0; i < count; i++) {
            ids[i] = random.nextInt(50);
            places[i] = i % 8;
            kinds[i] = random.nextInt(2);
        }
        float[] out = new float[count * n];
        GatheredRows.sum(
                new float[][] {words, positions, types}, new int[] {3, 0, 0}, new int[][] {ids, places, kinds}, n, out);
        for (int i = 0; i < count; i++) {
            for (int j = 0; j < n; j++) {
                float want = words[3 + ids[i] * n + j] + positions[places[i] * n + j];
                want += types[kinds[i] * n + j];
                assertThat(out[i * n + j]).as("row %d, column %d", i, j).isEqualTo(want);
            }
        }
    }

    @Test
    void oneTableIsALookup() {
        float[] table = randomArray(4 * 3);
        float[] out = new float[2 * 3];
        GatheredRows.sum(new float[][] {table}, new int[] {0}, new int[][] {{3, 1}}, 3, out);
        assertThat(out).containsExactly(table[9], table[10], table[11], table[3], table[4], table[5]);
    }
}
