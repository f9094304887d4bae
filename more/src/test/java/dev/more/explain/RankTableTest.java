package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.tensor.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankTableTest {
    @Test
    void moreMultipliesLorasRankByTheBlockCountAtTheSameParameters() {
        List<RankTable.Row> rows = RankTable.of(16, 16, new int[] {1, 2, 4, 8}, new int[] {1, 2, 4}, new Rng(1));
        assertThat(rows).hasSize(12);
        for (RankTable.Row row : rows) {
            int k = row.shape().blocks();
            int r = row.shape().blkR();
            // The blocks divide 16, so MoRe costs exactly LoRA's r·(in + out) and LoRA gets rank blk_r.
            assertThat(row.parameters()).isEqualTo((long) r * (16 + 16));
            assertThat(row.loraRank()).isEqualTo(r);
            assertThat(row.loraParameters()).isEqualTo(row.parameters());
            assertThat(row.maxRank()).isEqualTo(Math.min(k * r, 16));
            assertThat(row.measuredRank())
                    .as("random factors reach the bound for %s", row.shape())
                    .isEqualTo(row.maxRank());
            if (row.nblocks() == 1) {
                assertThat(row.measuredRank()).isEqualTo(row.loraRank());
            }
        }
        // Worked by hand: nblocks 8, blk_r 2 on 16 x 16 is 2·8·(2 + 2) = 64 parameters at full rank 16,
        // where LoRA's 64 parameters buy rank 2.
        RankTable.Row monarch = rows.stream()
                .filter(r -> r.nblocks() == 8 && r.shape().blkR() == 2)
                .findFirst()
                .orElseThrow();
        assertThat(monarch.parameters()).isEqualTo(64);
        assertThat(monarch.measuredRank()).isEqualTo(16);
        assertThat(monarch.loraRank()).isEqualTo(2);
    }

    @Test
    void paddedLayersCostMoreThanLoraAndLargeLayersAreNotMeasured() {
        RankTable.Row padded =
                RankTable.of(10, 7, new int[] {3}, new int[] {2}, new Rng(2)).getFirst();
        // in_blk 4, k 3, out_blk 3: 2·3·(4 + 3) = 42 parameters; LoRA fits rank 42 / 17 = 2 (34 parameters).
        assertThat(padded.parameters()).isEqualTo(42);
        assertThat(padded.loraRank()).isEqualTo(2);
        assertThat(padded.loraParameters()).isEqualTo(34);
        assertThat(padded.measuredRank()).isEqualTo(6);
        RankTable.Row large =
                RankTable.of(384, 384, new int[] {4}, new int[] {4}, new Rng(3)).getFirst();
        assertThat(large.measuredRank()).isNull();
        assertThat(large.maxRank()).isEqualTo(16);
    }
}
