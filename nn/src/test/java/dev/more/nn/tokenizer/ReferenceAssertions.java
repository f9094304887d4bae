package dev.more.nn.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

/** Comparisons of this package's output with the reference's, with messages that show the input. */
final class ReferenceAssertions {
    private ReferenceAssertions() {}

    /** Ids, type ids, attention mask and token strings all equal. */
    static void assertSameEncoding(Encoding ours, DjlReference.Result reference, String input) {
        assertThat(ours).as("encoding of %s", show(input)).isEqualTo(reference.toEncoding());
    }

    /** Ids and type ids equal (token strings may differ where added tokens strip whitespace). */
    static void assertSameIds(Encoding ours, DjlReference.Result reference, String input) {
        assertThat(ours.ids())
                .as("ids of %s; reference tokens %s, ours %s", show(input), reference.tokens(), ours.tokens())
                .containsExactly(reference.ids());
        assertThat(ours.typeIds()).as("type ids of %s", show(input)).containsExactly(reference.typeIds());
    }

    /** The input in Java escapes for non-ASCII and control characters, so failures can be read and reproduced. */
    static String show(String input) {
        if (input == null) {
            return "null";
        }
        StringBuilder s = new StringBuilder("\"");
        input.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7F && cp != '"' && cp != '\\') {
                s.appendCodePoint(cp);
            } else {
                for (char c : Character.toChars(cp)) {
                    s.append(String.format("\\u%04X", (int) c));
                }
            }
        });
        return s.append('"').toString();
    }
}
