package dev.more.nn.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GPT-2's byte-level layer: text is split with GPT-2's regular expression, each piece is encoded as UTF-8 and
 * each byte is written as one printable character (the byte-to-unicode map), so a vocabulary of byte strings can
 * cover any text; decoding maps the characters back to bytes.
 */
final class ByteLevel {
    /** GPT-2's pre-tokenization pattern; {@code \s} is Unicode White_Space, as in the reference's regex engine. */
    static final Pattern GPT2_SPLIT = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+",
            Pattern.UNICODE_CHARACTER_CLASS);

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        // Printable Latin-1 bytes stand for themselves; the other 68 bytes take the characters from U+0100 on.
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = (char) (printable ? b : next++);
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteLevel() {}

    /** The character that stands for a byte. */
    static char charOf(int unsignedByte) {
        return BYTE_TO_CHAR[unsignedByte];
    }

    /**
     * Hands each pre-token of {@code text}, already in byte characters, to {@code words}.
     *
     * @param addPrefixSpace prepend a space unless the text starts with one (so a first word looks like the rest)
     * @param useRegex split with GPT-2's pattern (else the text is one piece)
     */
    static void preTokenize(String text, boolean addPrefixSpace, boolean useRegex, Consumer<String> words) {
        if (text.isEmpty()) {
            return;
        }
        String s = addPrefixSpace && !text.startsWith(" ") ? " " + text : text;
        if (!useRegex) {
            words.accept(toByteChars(s));
            return;
        }
        Matcher m = GPT2_SPLIT.matcher(s);
        int end = 0;
        while (m.find()) {
            // Every character matches one alternative, so there are no gaps; keep any as its own piece regardless.
            if (m.start() > end) {
                words.accept(toByteChars(s.substring(end, m.start())));
            }
            words.accept(toByteChars(m.group()));
            end = m.end();
        }
        if (end < s.length()) {
            words.accept(toByteChars(s.substring(end)));
        }
    }

    /** The UTF-8 bytes of {@code text} as byte characters; an unpaired surrogate is encoded as U+FFFD. */
    static String toByteChars(String text) {
        byte[] utf8 = replaceUnpairedSurrogates(text).getBytes(StandardCharsets.UTF_8);
        char[] chars = new char[utf8.length];
        for (int i = 0; i < utf8.length; i++) {
            chars[i] = BYTE_TO_CHAR[utf8[i] & 0xFF];
        }
        return new String(chars);
    }

    private static String replaceUnpairedSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c)
                    && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /**
     * The text of tokens: each token made of byte characters gives those bytes, any other (an added token such as
     * {@code <|endoftext|>} with characters outside the map) its own UTF-8; invalid UTF-8 becomes U+FFFD.
     */
    static String decode(List<String> tokens) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (String token : tokens) {
            byte[] tokenBytes = new byte[token.length()];
            boolean allMapped = true;
            for (int i = 0; i < token.length() && allMapped; i++) {
                char c = token.charAt(i);
                int b = c < CHAR_TO_BYTE.length ? CHAR_TO_BYTE[c] : -1;
                allMapped = b >= 0;
                tokenBytes[i] = (byte) b;
            }
            bytes.writeBytes(allMapped ? tokenBytes : token.getBytes(StandardCharsets.UTF_8));
        }
        return decodeUtf8Lossy(bytes.toByteArray());
    }

    /**
     * UTF-8 to text with each maximal invalid subpart replaced by one U+FFFD (the Unicode-recommended practice the
     * reference follows; the JDK's decoder sometimes replaces byte by byte instead).
     */
    static String decodeUtf8Lossy(byte[] bytes) {
        StringBuilder out = new StringBuilder(bytes.length);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                out.append((char) b);
                i++;
                continue;
            }
            int continuation;
            int lower = 0x80;
            int upper = 0xBF;
            if (b >= 0xC2 && b <= 0xDF) {
                continuation = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                continuation = 2;
                lower = b == 0xE0 ? 0xA0 : 0x80;
                upper = b == 0xED ? 0x9F : 0xBF;
            } else if (b >= 0xF0 && b <= 0xF4) {
                continuation = 3;
                lower = b == 0xF0 ? 0x90 : 0x80;
                upper = b == 0xF4 ? 0x8F : 0xBF;
            } else {
                out.append('\uFFFD');
                i++;
                continue;
            }
            int cp = b & (0x3F >> continuation);
            int j = i + 1;
            boolean valid = true;
            for (int k = 0; k < continuation && valid; k++, j++) {
                int next = j < bytes.length ? bytes[j] & 0xFF : -1;
                valid = next >= (k == 0 ? lower : 0x80) && next <= (k == 0 ? upper : 0xBF);
                if (valid) {
                    cp = (cp << 6) | (next & 0x3F);
                } else {
                    j--;
                }
            }
            if (valid) {
                out.appendCodePoint(cp);
            } else {
                out.append('\uFFFD');
            }
            i = j;
        }
        return out.toString();
    }
}
