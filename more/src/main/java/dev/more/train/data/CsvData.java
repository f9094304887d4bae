package dev.more.train.data;

import java.util.ArrayList;
import java.util.List;

/**
 * CSV data: a header naming the columns {@code text} and {@code label}, and {@code text_pair} for
 * sentence-pair tasks, in any order; other columns (an id, say) are ignored. Quoting follows RFC 4180
 * ({@link CsvReader}). Every row must have as many fields as the header, and no text or label may be empty.
 */
final class CsvData {
    static final String TEXT = "text";
    static final String TEXT_PAIR = "text_pair";
    static final String LABEL = "label";

    private CsvData() {}

    /** The examples of {@code text}; {@code source} names the file in errors. */
    static List<Example> parse(String text, String source) throws DataFormatException {
        List<CsvReader.Row> rows = CsvReader.parse(text, source);
        if (rows.isEmpty()) {
            throw new DataFormatException(source + ": no examples (the file is empty); expected a header "
                    + "text,label and one row per example");
        }
        CsvReader.Row header = rows.getFirst();
        List<String> columns = header.fields().stream().map(String::strip).toList();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.indexOf(columns.get(i)) != i) {
                throw DataFormatException.at(
                        source, header.line(), "the header names the column '" + columns.get(i) + "' twice");
            }
        }
        int textColumn = required(columns, TEXT, source, header.line());
        int labelColumn = required(columns, LABEL, source, header.line());
        int pairColumn = columns.indexOf(TEXT_PAIR);
        if (rows.size() == 1) {
            throw new DataFormatException(source + ": no examples (only the header)");
        }
        List<Example> examples = new ArrayList<>();
        for (CsvReader.Row row : rows.subList(1, rows.size())) {
            List<String> fields = row.fields();
            if (fields.size() != columns.size()) {
                throw DataFormatException.at(
                        source,
                        row.line(),
                        fields.size() + " field" + (fields.size() == 1 ? "" : "s")
                                + ", but the header has " + columns.size() + " (" + String.join(",", columns)
                                + "); quote fields that contain commas");
            }
            examples.add(new Example(
                    nonEmpty(fields.get(textColumn), TEXT, source, row.line()),
                    pairColumn < 0 ? null : nonEmpty(fields.get(pairColumn), TEXT_PAIR, source, row.line()),
                    nonEmpty(fields.get(labelColumn).strip(), LABEL, source, row.line()),
                    row.line()));
        }
        return examples;
    }

    private static int required(List<String> columns, String name, String source, int line) throws DataFormatException {
        int index = columns.indexOf(name);
        if (index < 0) {
            throw DataFormatException.at(
                    source,
                    line,
                    "the header has no '" + name + "' column (it has " + String.join(",", columns)
                            + "); expected text,label, and text_pair for pairs");
        }
        return index;
    }

    private static String nonEmpty(String value, String column, String source, int line) throws DataFormatException {
        if (value.isBlank()) {
            throw DataFormatException.at(source, line, "empty " + column);
        }
        return value;
    }
}
