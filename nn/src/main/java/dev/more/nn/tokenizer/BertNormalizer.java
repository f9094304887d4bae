package dev.more.nn.tokenizer;

import java.text.Normalizer;
import java.util.function.UnaryOperator;

/**
 * BERT's text normalization, each step switched by a flag of the file's {@code BertNormalizer} section, applied in
 * the reference library's order: clean text, space out Chinese characters, strip accents, lowercase.
 *
 * @param cleanText drop NUL, U+FFFD and control/format/private-use characters; turn whitespace into a space
 * @param handleChineseChars put a space on each side of every CJK ideograph, so each becomes a word
 * @param stripAccents decompose (NFD) and drop nonspacing marks
 * @param lowercase lowercase each character on its own (no final-sigma rule, no locale)
 */
record BertNormalizer(boolean cleanText, boolean handleChineseChars, boolean stripAccents, boolean lowercase)
        implements UnaryOperator<String> {

    /** Parses a {@code BertNormalizer} section; {@code strip_accents: null} follows {@code lowercase}. */
    static BertNormalizer parse(JsonField section) throws TokenizerFormatException {
        boolean lowercase = section.get("lowercase").bool(true);
        return new BertNormalizer(
                section.get("clean_text").bool(true),
                section.get("handle_chinese_chars").bool(true),
                section.get("strip_accents").bool(lowercase),
                lowercase);
    }

    @Override
    public String apply(String text) {
        String s = text;
        if (cleanText) {
            s = clean(s);
        }
        if (handleChineseChars) {
            s = spaceChineseChars(s);
        }
        if (stripAccents) {
            s = stripAccents(s);
        }
        if (lowercase) {
            s = lowercase(s);
        }
        return s;
    }

    private static String clean(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            // Tab, newline and carriage return are controls too, but count as whitespace.
            boolean control = cp != '\t' && cp != '\n' && cp != '\r' && CharClasses.isOther(cp);
            if (cp != 0 && cp != 0xFFFD && !control) {
                out.appendCodePoint(CharClasses.isWhiteSpace(cp) ? ' ' : cp);
            }
        });
        return out.toString();
    }

    private static String spaceChineseChars(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (CharClasses.isChineseChar(cp)) {
                out.append(' ').appendCodePoint(cp).append(' ');
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }

    private static String stripAccents(String text) {
        StringBuilder out = new StringBuilder(text.length());
        Normalizer.normalize(text, Normalizer.Form.NFD)
                .codePoints()
                .filter(cp -> !CharClasses.isNonspacingMark(cp))
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    private static String lowercase(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            // The one unconditional multi-character lowercase mapping: capital I with dot above.
            if (cp == 0x130) {
                out.append("i\u0307");
            } else {
                out.appendCodePoint(Character.toLowerCase(cp));
            }
        });
        return out.toString();
    }
}
