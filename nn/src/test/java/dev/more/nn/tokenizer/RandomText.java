package dev.more.nn.tokenizer;

import java.util.List;
import java.util.Random;

/**
 * Random test strings built from pieces that stress tokenizers: words, numbers, contractions, punctuation, runs of
 * different whitespace, accented and decomposed letters, CJK, Hangul, Arabic, emoji with modifiers and joiners,
 * control and format characters, and single random code points from the assigned planes.
 */
final class RandomText {
    private static final List<String> PIECES = List.of(
            "the",
            "The",
            "quick",
            "brown",
            "fox",
            "tokenization",
            "unbelievably",
            "Hello",
            "WORLD",
            "naïve",
            "café",
            "Ünïcödé",
            "resume\u0301",
            "ﬁne",
            "straße",
            "İstanbul",
            "ΟΔΟΣ",
            "Привет",
            "мир",
            "日本語",
            "中文字符",
            "한국어",
            "مرحبا",
            "שלום",
            "हिन्दी",
            "ไทย",
            "😀",
            "👍🏽",
            "👨‍👩‍👧",
            "🥰",
            "🫠",
            "42",
            "3.14",
            "1,000,000",
            "٣",
            "²",
            "½",
            "'s",
            "'t",
            "'re",
            "'ve",
            "'m",
            "'ll",
            "'d",
            "don't",
            "I'm",
            "!",
            "?",
            ".",
            ",",
            ";",
            ":",
            "-",
            "—",
            "...",
            "(",
            ")",
            "[",
            "]",
            "{",
            "}",
            "\"",
            "«",
            "»",
            "“",
            "”",
            "@",
            "#",
            "$",
            "€",
            "%",
            "^",
            "&",
            "*",
            "_",
            "+",
            "=",
            "<",
            ">",
            "/",
            "\\",
            "|",
            "~",
            "`",
            " ",
            "  ",
            "   ",
            "\t",
            "\n",
            "\r\n",
            "\u00A0",
            "\u2003",
            "\u3000",
            "\u200B",
            "\u00AD",
            "\u0000",
            "\u0007",
            "\uFFFD",
            "\uE000",
            "[MASK]",
            "[CLS]",
            "<|endoftext|>",
            "x".repeat(120),
            "supercalifragilisticexpialidocious");

    private final Random random;

    RandomText(long seed) {
        this.random = new Random(seed);
    }

    /** A string of up to {@code maxPieces} random pieces. */
    String next(int maxPieces) {
        StringBuilder s = new StringBuilder();
        int pieces = random.nextInt(maxPieces + 1);
        for (int i = 0; i < pieces; i++) {
            if (random.nextInt(8) == 0) {
                s.appendCodePoint(randomCodePoint());
            } else {
                s.append(PIECES.get(random.nextInt(PIECES.size())));
            }
        }
        return s.toString();
    }

    /** A random assigned, non-surrogate code point, weighted towards the BMP. */
    private int randomCodePoint() {
        while (true) {
            int cp = random.nextInt(4) == 0 ? random.nextInt(0x30000) : random.nextInt(0x10000);
            int type = Character.getType(cp);
            if (type != Character.UNASSIGNED && type != Character.SURROGATE) {
                return cp;
            }
        }
    }
}
