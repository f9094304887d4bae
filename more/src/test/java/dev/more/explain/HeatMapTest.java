package dev.more.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class HeatMapTest {
    @Test
    void cellsTakeTheColourOfTheirValue() {
        DenseMatrix m = DenseMatrix.of(2, 2, 1, 0, 0, -1);
        HeatMap map = new HeatMap(m, HeatMap.Scale.DIVERGING).title("t", "s");
        BufferedImage image = map.render();
        int cell = map.cellSize();
        assertThat(cell).isEqualTo(30);
        // The plot starts 84 px from the left and 64 px from the top (HeatMap's margins).
        assertThat(new Color(image.getRGB(84 + cell / 2, 64 + cell / 2))).isEqualTo(HeatMap.colour(1, 1));
        assertThat(new Color(image.getRGB(84 + cell + cell / 2, 64 + cell / 2))).isEqualTo(HeatMap.colour(0, 1));
        assertThat(new Color(image.getRGB(84 + cell + cell / 2, 64 + cell + cell / 2)))
                .isEqualTo(HeatMap.colour(-1, 1));
    }

    @Test
    void divergingScaleIsRedForPositiveWhiteAtZeroBlueForNegative() {
        Color red = HeatMap.colour(2, 2);
        Color white = HeatMap.colour(0, 2);
        Color blue = HeatMap.colour(-2, 2);
        assertThat(red.getRed()).isGreaterThan(red.getBlue() + 100);
        assertThat(blue.getBlue()).isGreaterThan(blue.getRed() + 100);
        assertThat(Math.min(white.getRed(), Math.min(white.getGreen(), white.getBlue())))
                .isGreaterThan(240);
        assertThat(HeatMap.colour(5, 2)).isEqualTo(red);
        assertThat(HeatMap.colour(1, 0)).isEqualTo(white);
    }

    @Test
    void binaryScaleDrawsOnesBlack() {
        BufferedImage image = new HeatMap(DenseMatrix.permutation(new int[] {1, 0}), HeatMap.Scale.BINARY).render();
        assertThat(new Color(image.getRGB(84 + 15, 64 + 15))).isEqualTo(Color.WHITE);
        assertThat(new Color(image.getRGB(84 + 45, 64 + 15))).isEqualTo(Color.BLACK);
    }

    @Test
    void rowLabelsMustMatchTheRows() {
        assertThatThrownBy(() -> new HeatMap(DenseMatrix.of(2, 1, 1, 2), HeatMap.Scale.DIVERGING).rowLabels(new int[3]))
                .hasMessageContaining("3 row labels for 2 rows");
    }
}
