package dev.more.nn.tokenizer;

import java.util.List;

/**
 * The inputs whose reference encodings are compared live (with the reference library) and pinned in the committed
 * expected-ids files, which {@link ReferenceIdsGenerator} writes from these lists.
 */
final class ReferenceCases {
    private ReferenceCases() {}

    /** One text or pair, encoded with at most {@code maxLength} tokens ({@link Tokenizer#NO_LIMIT}: no limit). */
    record Single(String text, String pair, int maxLength) {}

    /** A batch of texts (and second texts, if {@code pairs} is not null), truncated and padded. */
    record Batch(List<String> texts, List<String> pairs, int maxLength, Padding padding) {}

    /** Sentences for the WordPiece (MiniLM) tokenizer. */
    static final List<String> WORDPIECE_TEXTS = List.of(
            "",
            "Hello, world!",
            "The quick brown fox jumps over the lazy dog.",
            "Don't stop-believing... (it's 100% \"true\"); right? #yes @you $5 & 3*4=12 ~tilde `tick` {brace} [x] <y>",
            "Café, naïve, façade, Ünïcödé, crème brûlée, São Paulo, Ångström, İstanbul",
            "resume\u0301 vs résumé (decomposed vs precomposed)",
            "ΟΔΟΣ Ελληνικά, Привет мир, Straße",
            "3.14159 is pi; 1,000,000 people; 2024-06-01T12:00:00Z; +1 (555) 010-9999",
            "unaffable transformers tokenization supercalifragilisticexpialidocious",
            "antidisestablishmentarianism pneumonoultramicroscopicsilicovolcanoconiosis",
            "x".repeat(100),
            "y".repeat(101),
            "我爱自然语言处理。中文字符和English混合",
            "日本語のテキストとひらがな、カタカナ",
            "한국어 텍스트입니다",
            "I love NLP 😀👍🏽 🥰 👨‍👩‍👧 ❤️",
            "tabs\tand\nnewlines\r\nand\u00A0no-break\u2003em\u3000ideographic spaces",
            "zero\u200Bwidth soft\u00ADhyphen bell\u0007 nul\u0000 replacement\uFFFD private\uE000",
            "Fill the [MASK] here, and [CLS] or [SEP] in the middle; [mask] lowercase is not special",
            "العربية עברית हिन्दी ไทย",
            "   leading and trailing spaces   ",
            // Characters whose category changed after the reference's Unicode tables (see LegacyCategories).
            "new marks a\u0890b a\u2E4Cb a\u2E52b c\uD838\uDC24d;"
                    + " changed a\u1734b a\u166Db a\uD804\uDDC9b a\uD805\uDF1Eb");

    /** Pairs for the WordPiece tokenizer. */
    static final List<List<String>> WORDPIECE_PAIRS = List.of(
            List.of("How old are you?", "I am 6 years old."),
            List.of("", "Only the second text."),
            List.of("Only the first text.", ""),
            List.of("Is this the same?", "Is this the same?"));

    /** Truncation cases: singles and pairs at several limits, including pairs of very different lengths. */
    static final List<Single> WORDPIECE_TRUNCATIONS = List.of(
            new Single("The quick brown fox jumps over the lazy dog.", null, 6),
            new Single("The quick brown fox jumps over the lazy dog.", null, 2),
            new Single("short", null, 16),
            new Single("The quick brown fox jumps over the lazy dog.", "A short one.", 9),
            new Single("A short one.", "The quick brown fox jumps over the lazy dog.", 9),
            new Single(
                    "The quick brown fox jumps over the lazy dog.",
                    "A much longer second sentence, which goes on.",
                    10),
            new Single("The quick brown fox jumps", "over the lazy dog again", 11),
            new Single("one two three four five six", "seven eight", 7),
            // Both cut, odd budget (7 after the 3 special tokens): the longer first text keeps the extra token.
            new Single("one two three four five six seven eight", "nine ten eleven twelve", 10),
            new Single("one two three four", "five six seven eight nine ten eleven twelve", 10),
            new Single("one", "two", 3));

    /** Batch cases for the WordPiece tokenizer. */
    static final List<Batch> WORDPIECE_BATCHES = List.of(
            new Batch(
                    List.of("Hello, world!", "A somewhat longer sentence for the batch.", ""),
                    null,
                    Tokenizer.NO_LIMIT,
                    Padding.LONGEST),
            new Batch(
                    List.of("Hello, world!", "A somewhat longer sentence for the batch.", "x"),
                    null,
                    8,
                    Padding.LONGEST),
            new Batch(
                    List.of("Hello, world!", "A somewhat longer sentence for the batch."),
                    null,
                    16,
                    Padding.MAX_LENGTH),
            new Batch(
                    List.of("How old are you?", "Where is it?"),
                    List.of("I am 6 years old.", "It is in the kitchen, next to the old wooden table."),
                    14,
                    Padding.LONGEST),
            new Batch(List.of("How old are you?", "Where?"), List.of("Six.", "There."), 12, Padding.MAX_LENGTH));

    /** Texts for the byte-level BPE tokenizer, including ones that stress GPT-2's split pattern. */
    static final List<String> BPE_TEXTS = List.of(
            "",
            " ",
            "Hello world",
            " Hello world",
            "Hello  world   with    spaces\n\n\tand tabs",
            "It's, we're, they've, I'm, you'll, he'd, don't; IT'S uppercase 'S",
            "numbers 1234567890 and 3.14 and 1,000",
            "naïve café résumé Ünïcödé İstanbul straße",
            "中文字符 日本語 한국어 Привет",
            "emoji 😀👍🏽👨‍👩‍👧 🫠",
            "symbols !@#$%^&*()_+-=[]{}|;:'\",.<>/?`~",
            "trailing spaces   ",
            "line one\nline two\r\nline three",
            "text with <|endoftext|> inside<|endoftext|>",
            "\u00A0no-break\u2003em\u3000ideographic\u200Bzero-width",
            "the tokenizer was trained on this very sentence");
}
