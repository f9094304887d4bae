package dev.more.cli;

/** A small two-class CSV (sports, business) that {@link TinyModelFolder}'s model can learn, for CLI tests. */
final class TwoTopicCsv {
    private TwoTopicCsv() {}

    /** A header and {@code rows} lines alternating between the two labels, no two texts alike. */
    static String rows(int rows) {
        StringBuilder csv = new StringBuilder("text,label\n");
        String[][] words = {{"goals", "match", "coach", "stadium"}, {"profit", "shares", "bank", "market"}};
        String[] labels = {"sports", "business"};
        for (int i = 0; i < rows; i++) {
            int c = i % 2;
            csv.append("\"The ")
                    .append(words[c][i % 4])
                    .append(", the ")
                    .append(words[c][(i / 4) % 4])
                    .append(" and ")
                    .append(i)
                    .append("\",")
                    .append(labels[c])
                    .append('\n');
        }
        return csv.toString();
    }
}
