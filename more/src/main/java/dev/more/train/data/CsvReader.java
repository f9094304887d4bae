package dev.more.train.data;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict reader of comma-separated values as RFC 4180 defines them: records end at CRLF, LF or CR;
 * fields are separated by commas; a field that holds a comma, a quote or a line break is enclosed in
 * double quotes, and a quote inside it is doubled ({@code "say ""hi"""}). A quote inside an unquoted
 * field, text after a closing quote and a quote left open at the end of the input are errors, reported
 * with the line. Blank lines between records are skipped, so a trailing line break is harmless.
 */
public final class CsvReader {
    /**
     * One record.
     *
     * @param line the line where the record starts (1-based)
     * @param fields the field values, unquoted
     */
    public record Row(int line, List<String> fields) {
        /** Copies the fields. */
        public Row {
            fields = List.copyOf(fields);
        }
    }

    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    private CsvReader(String text, String source) {
        this.text = text;
        this.source = source;
    }

    /**
     * Splits {@code text} into records.
     *
     * @param source the file name used in error messages
     * @throws DataFormatException naming {@code source} and the line of the first malformed field
     */
    public static List<Row> parse(String text, String source) throws DataFormatException {
        return new CsvReader(text, source).rows();
    }

    private List<Row> rows() throws DataFormatException {
        List<Row> rows = new ArrayList<>();
        while (pos < text.length()) {
            if (atLineBreak()) {
                skipLineBreak();
                continue;
            }
            int start = line;
            List<String> fields = new ArrayList<>();
            while (true) {
                boolean quoted = pos < text.length() && text.charAt(pos) == '"';
                fields.add(quoted ? quotedField() : plainField());
                if (pos < text.length() && text.charAt(pos) == ',') {
                    pos++;
                    continue;
                }
                break;
            }
            rows.add(new Row(start, fields));
            if (pos < text.length()) {
                skipLineBreak();
            }
        }
        return rows;
    }

    private String plainField() throws DataFormatException {
        int begin = pos;
        while (pos < text.length() && !atLineBreak() && text.charAt(pos) != ',') {
            if (text.charAt(pos) == '"') {
                throw DataFormatException.at(
                        source,
                        line,
                        "a quote inside an unquoted field (column " + column(pos)
                                + "); enclose the whole field in quotes and double the quotes inside it");
            }
            pos++;
        }
        return text.substring(begin, pos);
    }

    private String quotedField() throws DataFormatException {
        int openedOn = line;
        int openedAt = column(pos);
        pos++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw DataFormatException.at(
                        source, openedOn, "the quoted field opened at column " + openedAt + " is never closed");
            }
            char c = text.charAt(pos);
            if (c == '"') {
                if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
                    value.append('"');
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            if (c == '\n' || (c == '\r' && (pos + 1 >= text.length() || text.charAt(pos + 1) != '\n'))) {
                line++;
            }
            value.append(c);
            pos++;
        }
        if (pos < text.length() && text.charAt(pos) != ',' && !atLineBreak()) {
            throw DataFormatException.at(
                    source,
                    line,
                    "unexpected '" + text.charAt(pos) + "' after the closing " + "quote of a field (column "
                            + column(pos) + "); a quoted field must end at a comma or line end");
        }
        return value.toString();
    }

    private boolean atLineBreak() {
        char c = text.charAt(pos);
        return c == '\n' || c == '\r';
    }

    private void skipLineBreak() {
        if (text.charAt(pos) == '\r' && pos + 1 < text.length() && text.charAt(pos + 1) == '\n') {
            pos++;
        }
        pos++;
        line++;
    }

    /** The 1-based column of {@code index} on its line. */
    private int column(int index) {
        int lineStart = Math.max(text.lastIndexOf('\n', index - 1), text.lastIndexOf('\r', index - 1)) + 1;
        return index - lineStart + 1;
    }
}
