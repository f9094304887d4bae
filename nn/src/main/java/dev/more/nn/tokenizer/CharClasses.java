package dev.more.nn.tokenizer;

/**
 * Character classes with the reference library's definitions, over Unicode code points.
 *
 * <p>General categories come from the JDK's Unicode tables, corrected by {@link LegacyCategories} where the reference
 * library's older tables say otherwise, so that BERT normalization and pre-tokenization match it on every code point.
 */
final class CharClasses {
    private CharClasses() {}

    /** The Unicode White_Space property (what Rust's {@code char::is_whitespace} and regex {@code \s} test). */
    static boolean isWhiteSpace(int cp) {
        return switch (cp) {
            case 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /** Control, format or private-use (Cc, Cf, Co): what BERT's text cleaning drops. */
    static boolean isOther(int cp) {
        if (LegacyCategories.isOrdinary(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.PRIVATE_USE;
    }

    /** ASCII punctuation or a Unicode punctuation category (Pc, Pd, Ps, Pe, Pi, Pf, Po). */
    static boolean isBertPunctuation(int cp) {
        if (cp < 0x80) {
            return (cp >= 0x21 && cp <= 0x2F)
                    || (cp >= 0x3A && cp <= 0x40)
                    || (cp >= 0x5B && cp <= 0x60)
                    || (cp >= 0x7B && cp <= 0x7E);
        }
        if (LegacyCategories.isLegacyPunctuation(cp)) {
            return true;
        }
        if (LegacyCategories.isOrdinary(cp)) {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION,
                    Character.DASH_PUNCTUATION,
                    Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION,
                    Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION,
                    Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /** A CJK ideograph in the blocks BERT surrounds with spaces (not Hangul, Hiragana or Katakana). */
    static boolean isChineseChar(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }

    /** A nonspacing mark (Mn), what accent stripping removes after NFD. */
    static boolean isNonspacingMark(int cp) {
        if (LegacyCategories.isLegacyNonspacingMark(cp)) {
            return true;
        }
        return !LegacyCategories.isOrdinary(cp) && Character.getType(cp) == Character.NON_SPACING_MARK;
    }

    /** A Unicode word character as regex {@code \w} defines it (letters, marks, digits, connectors, joiners). */
    static boolean isWordChar(int cp) {
        if (Character.isAlphabetic(cp) || Character.isDigit(cp) || cp == 0x200C || cp == 0x200D) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.NON_SPACING_MARK,
                    Character.ENCLOSING_MARK,
                    Character.COMBINING_SPACING_MARK,
                    Character.CONNECTOR_PUNCTUATION -> true;
            default -> false;
        };
    }
}
