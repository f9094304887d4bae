package dev.more.explain;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Drawing helpers the figures share: fonts, text placement, panels side by side, PNG output. */
final class Figures {
    static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    static final Font SMALL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private static final BufferedImage MEASURE = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);

    private Figures() {}

    /** A white, antialiased canvas on {@code image}. */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setColor(Color.BLACK);
        return g;
    }

    /** The width of {@code text} in {@code font}, in pixels. */
    static int textWidth(String text, Font font) {
        Graphics2D g = MEASURE.createGraphics();
        try {
            return g.getFontMetrics(font).stringWidth(text);
        } finally {
            g.dispose();
        }
    }

    /** Draws {@code text} centred on {@code x} with its baseline at {@code y}. */
    static void centred(Graphics2D g, String text, Font font, int x, int y) {
        g.setFont(font);
        FontMetrics m = g.getFontMetrics();
        g.setColor(Color.BLACK);
        g.drawString(text, x - m.stringWidth(text) / 2, y);
    }

    /** Draws {@code text} rotated to read bottom-up, centred on ({@code x}, {@code y}). */
    static void vertical(Graphics2D g, String text, Font font, int x, int y) {
        AffineTransform saved = g.getTransform();
        g.setFont(font);
        g.setColor(Color.BLACK);
        g.translate(x, y);
        g.rotate(-Math.PI / 2);
        g.drawString(text, -g.getFontMetrics().stringWidth(text) / 2, 0);
        g.setTransform(saved);
    }

    /** A short label for a value: three significant digits, no exponent for ordinary sizes. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 0.01 && a < 10000) {
            return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 1 ? "%.2f" : "%.3f", v);
        }
        return String.format(Locale.ROOT, "%.2e", v);
    }

    /** {@code panels} side by side under a common title, top-aligned, with a gap between them. */
    static BufferedImage sideBySide(String title, BufferedImage... panels) {
        int gap = 24;
        int top = title.isEmpty() ? 0 : 36;
        int width = gap;
        int height = 0;
        for (BufferedImage p : panels) {
            width += p.getWidth() + gap;
            height = Math.max(height, p.getHeight());
        }
        width = Math.max(width, textWidth(title, TITLE_FONT.deriveFont(18f)) + 2 * gap);
        BufferedImage image = new BufferedImage(width, top + height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        if (!title.isEmpty()) {
            centred(g, title, TITLE_FONT.deriveFont(18f), width / 2, 26);
        }
        int x = gap;
        for (BufferedImage p : panels) {
            g.drawImage(p, x, top, null);
            x += p.getWidth() + gap;
        }
        g.dispose();
        return image;
    }

    /** {@code panels} in a grid of {@code columns}, row by row, under a common title. */
    static BufferedImage grid(String title, int columns, BufferedImage... panels) {
        int rows = (panels.length + columns - 1) / columns;
        BufferedImage[] lines = new BufferedImage[rows];
        for (int r = 0; r < rows; r++) {
            int from = r * columns;
            int to = Math.min(panels.length, from + columns);
            lines[r] = sideBySide("", java.util.Arrays.copyOfRange(panels, from, to));
        }
        int top = 36;
        int width = 0;
        int height = top;
        for (BufferedImage l : lines) {
            width = Math.max(width, l.getWidth());
            height += l.getHeight();
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(image);
        centred(g, title, TITLE_FONT.deriveFont(18f), width / 2, 26);
        int y = top;
        for (BufferedImage l : lines) {
            g.drawImage(l, 0, y, null);
            y += l.getHeight();
        }
        g.dispose();
        return image;
    }

    /** Writes {@code image} as a PNG at the strongest compression (the figures go into the repository). */
    static void writePng(BufferedImage image, Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0f);
        Files.deleteIfExists(file);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
    }
}
