package dev.more.explain;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A matrix drawn as a grid of coloured cells with a title, axis labels, index ticks and a colour scale, and
 * optional outlined rectangles of cells (the blocks of a block-diagonal matrix, a traced column). Values use a
 * diverging blue–white–red scale symmetric about zero; 0/1 matrices can use a black-and-white scale instead.
 */
public final class HeatMap {
    /** How values become colours. */
    public enum Scale {
        /** Blue for negative, white for zero, red for positive, symmetric about zero. */
        DIVERGING,
        /** Black for 1, white for 0: permutation and selection matrices. */
        BINARY
    }

    /**
     * A rectangle of cells to outline.
     *
     * @param row the first row
     * @param col the first column
     * @param rows how many rows
     * @param cols how many columns
     * @param color the outline's colour
     */
    public record Box(int row, int col, int rows, int cols, Color color) {}

    private static final int LEFT = 84;
    private static final int TOP = 64;
    private static final int BOTTOM = 64;
    private static final int RIGHT = 120;
    private static final int PLOT_TARGET = 480;
    private static final Color[] DIVERGING_STOPS = {
        new Color(33, 102, 172),
        new Color(103, 169, 207),
        new Color(247, 247, 247),
        new Color(239, 138, 98),
        new Color(178, 24, 43)
    };

    private final DenseMatrix values;
    private final Scale scale;
    private final List<Box> boxes = new ArrayList<>();
    private String title = "";
    private String subtitle = "";
    private String xLabel = "column";
    private String yLabel = "row";
    private int[] rowLabels;

    /** A heat map of {@code values} on {@code scale}. */
    public HeatMap(DenseMatrix values, Scale scale) {
        this.values = Objects.requireNonNull(values, "values");
        this.scale = Objects.requireNonNull(scale, "scale");
    }

    /** Sets the title and a smaller line under it. */
    public HeatMap title(String title, String subtitle) {
        this.title = title;
        this.subtitle = subtitle;
        return this;
    }

    /** Sets the axis labels. */
    public HeatMap axes(String xLabel, String yLabel) {
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        return this;
    }

    /** Labels row i with {@code labels[i]} instead of i (for rows drawn in another order). */
    public HeatMap rowLabels(int[] labels) {
        if (labels.length != values.rows()) {
            throw new IllegalArgumentException(labels.length + " row labels for " + values.rows() + " rows");
        }
        this.rowLabels = labels.clone();
        return this;
    }

    /** Outlines a rectangle of cells. */
    public HeatMap box(Box box) {
        boxes.add(box);
        return this;
    }

    /** The size of one cell in pixels: the plot is about 480 pixels on its longer side. */
    int cellSize() {
        return Math.clamp(PLOT_TARGET / Math.max(values.rows(), values.cols()), 2, 30);
    }

    /** Draws the figure. */
    public BufferedImage render() {
        int cell = cellSize();
        int plotW = values.cols() * cell;
        int plotH = values.rows() * cell;
        int width = LEFT + plotW + RIGHT;
        int height = TOP + Math.max(plotH, 200) + BOTTOM;
        width = Math.max(width, Figures.textWidth(title, Figures.TITLE_FONT) + 40);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Figures.canvas(image);
        Figures.centred(g, title, Figures.TITLE_FONT, width / 2, 24);
        Figures.centred(g, subtitle, Figures.SMALL_FONT, width / 2, 44);
        double max = scale == Scale.BINARY ? 1 : values.maxAbs();
        for (int r = 0; r < values.rows(); r++) {
            for (int c = 0; c < values.cols(); c++) {
                g.setColor(cellColour(values.get(r, c), max));
                g.fillRect(LEFT + c * cell, TOP + r * cell, cell, cell);
            }
        }
        if (cell >= 8) {
            g.setColor(new Color(0, 0, 0, 28));
            for (int r = 0; r <= values.rows(); r++) {
                g.drawLine(LEFT, TOP + r * cell, LEFT + plotW, TOP + r * cell);
            }
            for (int c = 0; c <= values.cols(); c++) {
                g.drawLine(LEFT + c * cell, TOP, LEFT + c * cell, TOP + plotH);
            }
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, plotW, plotH);
        g.setStroke(new BasicStroke(2.5f));
        for (Box b : boxes) {
            g.setColor(b.color());
            g.drawRect(LEFT + b.col() * cell, TOP + b.row() * cell, b.cols() * cell, b.rows() * cell);
        }
        g.setStroke(new BasicStroke(1f));
        ticks(g, cell, plotW, plotH);
        if (scale == Scale.DIVERGING) {
            colourBar(g, LEFT + plotW + 24, TOP, Math.max(plotH, 200), max);
        } else {
            binaryLegend(g, LEFT + plotW + 24, TOP);
        }
        g.dispose();
        return image;
    }

    private void ticks(Graphics2D g, int cell, int plotW, int plotH) {
        g.setFont(Figures.TICK_FONT);
        g.setColor(Color.BLACK);
        int digits = String.valueOf(Math.max(values.rows(), values.cols())).length();
        int colStep = tickStep(cell, 8 + 7 * digits);
        for (int c = 0; c < values.cols(); c += colStep) {
            Figures.centred(g, String.valueOf(c), Figures.TICK_FONT, LEFT + c * cell + cell / 2, TOP + plotH + 16);
        }
        int rowStep = tickStep(cell, 14);
        for (int r = 0; r < values.rows(); r += rowStep) {
            String label = String.valueOf(rowLabels == null ? r : rowLabels[r]);
            int w = Figures.textWidth(label, Figures.TICK_FONT);
            g.drawString(label, LEFT - 6 - w, TOP + r * cell + cell / 2 + 4);
        }
        Figures.centred(g, xLabel, Figures.LABEL_FONT, LEFT + plotW / 2, TOP + plotH + 40);
        Figures.vertical(g, yLabel, Figures.LABEL_FONT, 20, TOP + plotH / 2);
    }

    private static int tickStep(int cell, int minPixels) {
        int[] steps = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
        for (int s : steps) {
            if (s * cell >= minPixels) {
                return s;
            }
        }
        return steps[steps.length - 1];
    }

    private static void colourBar(Graphics2D g, int x, int y, int h, double max) {
        int w = 16;
        for (int i = 0; i < h; i++) {
            double v = max * (1 - 2.0 * i / (h - 1));
            g.setColor(colour(v, max));
            g.drawLine(x, y + i, x + w, y + i);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(x, y, w, h);
        g.setFont(Figures.TICK_FONT);
        for (int t = 0; t <= 4; t++) {
            double v = max * (1 - t / 2.0);
            int ty = y + (int) Math.round(t * (h - 1) / 4.0);
            g.drawLine(x + w, ty, x + w + 4, ty);
            g.drawString(Figures.number(v), x + w + 7, ty + 4);
        }
        Figures.vertical(g, "entry value", Figures.SMALL_FONT, x + w + 66, y + h / 2);
    }

    private static void binaryLegend(Graphics2D g, int x, int y) {
        g.setFont(Figures.TICK_FONT);
        String[] labels = {"1", "0"};
        for (int i = 0; i < 2; i++) {
            int sy = y + i * 26;
            g.setColor(i == 0 ? Color.BLACK : Color.WHITE);
            g.fillRect(x, sy, 18, 18);
            g.setColor(Color.DARK_GRAY);
            g.drawRect(x, sy, 18, 18);
            g.drawString("entry " + labels[i], x + 26, sy + 14);
        }
    }

    private Color cellColour(double v, double max) {
        if (scale == Scale.BINARY) {
            return v >= 0.5 ? Color.BLACK : Color.WHITE;
        }
        return colour(v, max);
    }

    /** The colour of {@code v} on the diverging scale from −max (blue) through 0 (white) to +max (red). */
    static Color colour(double v, double max) {
        double t = max == 0 ? 0.5 : Math.clamp((v / max + 1) / 2, 0, 1);
        double pos = t * (DIVERGING_STOPS.length - 1);
        int i = Math.min((int) pos, DIVERGING_STOPS.length - 2);
        double f = pos - i;
        Color a = DIVERGING_STOPS[i];
        Color b = DIVERGING_STOPS[i + 1];
        return new Color(
                mix(a.getRed(), b.getRed(), f), mix(a.getGreen(), b.getGreen(), f), mix(a.getBlue(), b.getBlue(), f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
