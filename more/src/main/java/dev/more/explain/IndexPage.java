package dev.more.explain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code index.html} that shows the figures of an explanation folder with their captions. */
final class IndexPage {
    /**
     * One figure of the page.
     *
     * @param file the PNG's name in the folder
     * @param title a heading
     * @param caption what it shows, in a sentence or three
     */
    record Figure(String file, String title, String caption) {}

    private IndexPage() {}

    /** Writes the page: a heading, an introduction paragraph, then each figure under its heading. */
    static void write(Path file, String heading, String introduction, List<Figure> figures) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape(heading))
                .append("</title>\n<style>\n")
                .append("body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; line-height: 1.45; }\n")
                .append("figure { margin: 2em 0; } img { max-width: 100%; border: 1px solid #ddd; }\n")
                .append("figcaption { color: #333; margin-top: 0.5em; }\n</style>\n</head>\n<body>\n<h1>")
                .append(escape(heading))
                .append("</h1>\n<p>")
                .append(escape(introduction))
                .append("</p>\n");
        for (Figure f : figures) {
            html.append("<figure>\n<h2>")
                    .append(escape(f.title()))
                    .append("</h2>\n<img src=\"")
                    .append(escape(f.file()))
                    .append("\" alt=\"")
                    .append(escape(f.title()))
                    .append("\">\n<figcaption>")
                    .append(escape(f.caption()))
                    .append("</figcaption>\n</figure>\n");
        }
        html.append("</body>\n</html>\n");
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    /** {@code text} with the characters HTML treats specially replaced by entities. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
