package dev.more.train.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<CsvReader.Row> parse(String text) throws DataFormatException {
        return CsvReader.parse(text, "t.csv");
    }

    @Test
    void splitsPlainFieldsAndLines() throws Exception {
        List<CsvReader.Row> rows = parse("a,b\nc,d\n");
        assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(List.of("a", "b"), List.of("c", "d"));
        assertThat(rows).extracting(CsvReader.Row::line).containsExactly(1, 2);
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws Exception {
        List<CsvReader.Row> rows = parse("text,label\r\n\"a, \"\"quoted\"\"\nline\",1\r\nnext,2");
        assertThat(rows.get(1).fields()).containsExactly("a, \"quoted\"\nline", "1");
        assertThat(rows.get(2).line()).isEqualTo(4);
        assertThat(rows.get(2).fields()).containsExactly("next", "2");
    }

    @Test
    void emptyFieldsAndBlankLines() throws Exception {
        List<CsvReader.Row> rows = parse("a,,\n\n\r\n\"\",x\n");
        assertThat(rows).extracting(CsvReader.Row::fields).containsExactly(List.of("a", "", ""), List.of("", "x"));
        assertThat(rows.get(1).line()).isEqualTo(4);
        assertThat(parse("")).isEmpty();
        assertThat(parse("a\rb")).extracting(CsvReader.Row::line).containsExactly(1, 2);
    }

    @Test
    void rejectsAQuoteInsideAnUnquotedField() {
        assertThatThrownBy(() -> parse("text,label\nsay \"hi\",1\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("t.csv:2: a quote inside an unquoted field (column 5); enclose the whole field in quotes "
                        + "and double the quotes inside it");
    }

    @Test
    void rejectsTextAfterAClosingQuote() {
        assertThatThrownBy(() -> parse("a,b\n\"x\"y,1\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith("t.csv:2: unexpected 'y' after the closing quote of a field (column 4)");
    }

    @Test
    void rejectsAnUnclosedQuoteNamingTheLineItOpened() {
        assertThatThrownBy(() -> parse("a,b\nx,1\ny,\"open\nstill open\n"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("t.csv:3: the quoted field opened at column 3 is never closed");
    }
}
