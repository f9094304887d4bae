package dev.more.explain;

import dev.more.kernels.MoReShape;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The wiring of a MoRe product as a diagram: five columns of nodes (x, h = BD1·x, g = P_mid·h, o = BD2·g,
 * Δ = P_out·o), every connection the block structure allows in grey, and the paths of one input channel in red.
 * Nodes left of the middle permutation are coloured by the input block they come from, so the colours in each
 * output block of g show which input blocks it sees.
 */
final class ChannelFlow {
    private static final Color[] PALETTE = {
        new Color(31, 119, 180), new Color(44, 160, 44), new Color(255, 127, 14), new Color(148, 103, 189),
        new Color(140, 86, 75), new Color(227, 119, 194), new Color(188, 189, 34), new Color(23, 190, 207)
    };
    private static final Color TRACE = new Color(214, 39, 40);
    private static final Color IDLE = new Color(200, 200, 200);
    private static final int COLUMN_GAP = 190;
    private static final int LEFT = 150;
    private static final int TOP = 112;
    /** Above this many connections the grey ones are left out: they would paint the picture grey. */
    private static final long MAX_GREY_EDGES = 4000;

    private final MonarchAnatomy anatomy;
    private final MoReShape s;
    private final ChannelTrace trace;
    private final int spacing;
    private final int radius;
    private final int rows;

    ChannelFlow(MonarchAnatomy anatomy, int channel) {
        this.anatomy = anatomy;
        this.s = anatomy.shape();
        this.trace = anatomy.trace(channel);
        this.rows = Math.max(Math.max(s.paddedIn(), s.paddedOut()), s.middle());
        this.spacing = Math.clamp(560 / rows, 1, 26);
        this.radius = Math.clamp(spacing / 2 - 1, 1, 8);
    }

    private int count(int column) {
        return switch (column) {
            case 0 -> s.paddedIn();
            case 1, 2 -> s.middle();
            default -> s.paddedOut();
        };
    }

    private int x(int column) {
        return LEFT + column * COLUMN_GAP;
    }

    private int y(int column, int i) {
        return TOP + (rows - count(column)) * spacing / 2 + i * spacing + spacing / 2;
    }

    BufferedImage render() {
        int width = LEFT + 4 * COLUMN_GAP + 110;
        int height = TOP + rows * spacing + 80;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Figures.canvas(image);
        boolean grey = greyEdges() <= MAX_GREY_EDGES;
        Figures.centred(g, "Where input channel " + trace.channel() + " goes", Figures.TITLE_FONT, width / 2, 24);
        Figures.centred(
                g,
                "in " + s.in() + ", out " + s.out() + ", k = " + s.blocks() + " blocks, in_blk "
                        + s.inBlk() + ", blk_r " + s.blkR() + ", out_blk " + s.outBlk()
                        + "; colour = input block of origin; red = reachable from channel " + trace.channel()
                        + (grey ? "" : "; the other " + greyEdges() + " connections are left out"),
                Figures.SMALL_FONT,
                width / 2,
                44);
        String[][] headers = {
            {"x: input", "(zero-padded to " + s.paddedIn() + ")"},
            {"h = BD1 · x", "(k · blk_r)"},
            {"g = P_mid · h", "(grouped by output block)"},
            {"o = BD2 · g", "(k · out_blk)"},
            {"Δ = P_out · o", "(first " + s.out() + " kept)"}
        };
        for (int c = 0; c < 5; c++) {
            Figures.centred(g, headers[c][0], Figures.LABEL_FONT, x(c), 74);
            Figures.centred(g, headers[c][1], Figures.TICK_FONT, x(c), 90);
        }
        String[] operators = {"blkdiag1", "P_mid", "blkdiag2", "P_out"};
        for (int c = 0; c < 4; c++) {
            Figures.centred(
                    g,
                    operators[c],
                    Figures.SMALL_FONT.deriveFont(java.awt.Font.ITALIC),
                    (x(c) + x(c + 1)) / 2,
                    TOP - 6);
        }
        groups(g);
        if (grey) {
            edges(g, false);
        }
        edges(g, true);
        nodes(g);
        indexLabels(g);
        String reached = Arrays.toString(trace.outputs());
        Figures.centred(
                g,
                "Channel " + trace.channel() + " (input block " + trace.inputBlock() + ") reaches "
                        + trace.outputs().length + " of " + s.out() + " outputs"
                        + (reached.length() < 90 ? ": " + reached : ""),
                Figures.LABEL_FONT,
                width / 2,
                height - 24);
        g.dispose();
        return image;
    }

    private long greyEdges() {
        return (long) s.blocks() * s.inBlk() * s.blkR()
                + s.middle()
                + (long) s.blocks() * s.blkR() * s.outBlk()
                + s.paddedOut();
    }

    /** Light boxes around the blocks: input blocks in x and h, output blocks in g and o. */
    private void groups(Graphics2D g) {
        g.setStroke(new BasicStroke(1f));
        for (int b = 0; b < s.blocks(); b++) {
            box(g, 0, b * s.inBlk(), s.inBlk(), "in blk " + b, true);
            box(g, 1, b * s.blkR(), s.blkR(), null, false);
            box(g, 2, b * s.blkR(), s.blkR(), null, false);
            box(g, 3, b * s.outBlk(), s.outBlk(), "out blk " + b, false);
        }
    }

    private void box(Graphics2D g, int column, int first, int n, String label, boolean labelLeft) {
        int top = y(column, first) - spacing / 2 + 1;
        int h = n * spacing - 2;
        g.setColor(new Color(245, 245, 245));
        g.fillRoundRect(x(column) - radius - 6, top, 2 * radius + 12, h, 8, 8);
        g.setColor(new Color(170, 170, 170));
        g.drawRoundRect(x(column) - radius - 6, top, 2 * radius + 12, h, 8, 8);
        if (label != null && spacing * n >= 14) {
            g.setFont(Figures.TICK_FONT);
            g.setColor(Color.DARK_GRAY);
            int w = Figures.textWidth(label, Figures.TICK_FONT);
            int lx = labelLeft ? x(column) - radius - 72 - w : x(column) + radius + 10;
            g.setColor(Color.WHITE);
            g.fillRect(lx - 2, top + h / 2 - 8, w + 4, 16);
            g.setColor(Color.DARK_GRAY);
            g.drawString(label, lx, top + h / 2 + 4);
        }
    }

    private void edges(Graphics2D g, boolean traced) {
        boolean[] x = mark(s.paddedIn(), new int[] {trace.channel()});
        boolean[] h = mark(s.middle(), trace.hidden());
        boolean[] gMid = mark(s.middle(), trace.mixed());
        boolean[] o = mark(s.paddedOut(), trace.blockOutputs());
        g.setStroke(new BasicStroke(traced ? 2f : 0.7f));
        for (int j = 0; j < s.blocks(); j++) {
            for (int p = 0; p < s.inBlk(); p++) {
                for (int q = 0; q < s.blkR(); q++) {
                    int from = j * s.inBlk() + p;
                    int to = j * s.blkR() + q;
                    line(g, traced, x[from] && h[to], 0, from, to);
                }
            }
        }
        int[] middle = anatomy.middleDestinations();
        for (int i = 0; i < middle.length; i++) {
            line(g, traced, h[i], 1, i, middle[i]);
        }
        for (int l = 0; l < s.blocks(); l++) {
            for (int r = 0; r < s.blkR(); r++) {
                for (int t = 0; t < s.outBlk(); t++) {
                    int from = l * s.blkR() + r;
                    int to = l * s.outBlk() + t;
                    line(g, traced, gMid[from] && o[to], 2, from, to);
                }
            }
        }
        int[] output = anatomy.outputDestinations();
        for (int i = 0; i < output.length; i++) {
            line(g, traced, o[i] && output[i] < s.out(), 3, i, output[i]);
        }
    }

    private void line(Graphics2D g, boolean traced, boolean onPath, int column, int from, int to) {
        if (traced != onPath) {
            return;
        }
        g.setColor(traced ? TRACE : IDLE);
        g.drawLine(x(column) + radius, y(column, from), x(column + 1) - radius, y(column + 1, to));
    }

    private void nodes(Graphics2D g) {
        int[] origin = new int[s.middle()];
        int[] middle = anatomy.middleDestinations();
        for (int i = 0; i < s.middle(); i++) {
            origin[middle[i]] = i / s.blkR();
        }
        boolean[][] on = {
            mark(s.paddedIn(), new int[] {trace.channel()}),
            mark(s.middle(), trace.hidden()),
            mark(s.middle(), trace.mixed()),
            mark(s.paddedOut(), trace.blockOutputs()),
            mark(s.paddedOut(), trace.outputs())
        };
        g.setStroke(new BasicStroke(1.2f));
        for (int c = 0; c < 5; c++) {
            for (int i = 0; i < count(c); i++) {
                boolean hollow = (c == 0 && i >= s.in()) || (c == 4 && i >= s.out());
                Color fill = switch (c) {
                    case 0 -> PALETTE[(i / s.inBlk()) % PALETTE.length];
                    case 1 -> PALETTE[(i / s.blkR()) % PALETTE.length];
                    case 2 -> PALETTE[origin[i] % PALETTE.length];
                    default -> on[c][i] ? TRACE : new Color(120, 120, 120);
                };
                int cx = x(c);
                int cy = y(c, i);
                int rr = on[c][i] ? radius + 1 : radius;
                if (hollow) {
                    g.setColor(Color.WHITE);
                    g.fillOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
                    g.setColor(Color.GRAY);
                    g.drawOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
                } else {
                    g.setColor(fill);
                    g.fillOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
                    g.setColor(on[c][i] ? TRACE : Color.DARK_GRAY);
                    g.drawOval(cx - rr, cy - rr, 2 * rr, 2 * rr);
                }
            }
        }
    }

    private void indexLabels(Graphics2D g) {
        if (spacing < 11) {
            return;
        }
        g.setFont(Figures.TICK_FONT);
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i < s.paddedIn(); i++) {
            String label = i < s.in() ? String.valueOf(i) : i + " (pad)";
            g.drawString(label, x(0) - radius - 8 - Figures.textWidth(label, Figures.TICK_FONT), y(0, i) + 4);
        }
        for (int i = 0; i < s.paddedOut(); i++) {
            String label = i < s.out() ? String.valueOf(i) : i + " (cut)";
            g.drawString(label, x(4) + radius + 8, y(4, i) + 4);
        }
    }

    private static boolean[] mark(int n, int[] indices) {
        boolean[] on = new boolean[n];
        for (int i : indices) {
            on[i] = true;
        }
        return on;
    }
}
