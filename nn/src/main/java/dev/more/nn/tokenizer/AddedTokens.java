package dev.more.nn.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Finds added tokens in text, as the reference library does before normalization: tokens with
 * {@code normalized = false} are matched in the raw text, the others (with their content normalized) in each
 * normalized stretch between those matches. Matching is leftmost-longest and non-overlapping; {@code single_word},
 * {@code lstrip} and {@code rstrip} apply to each match.
 */
final class AddedTokens {
    /** A stretch of text: either plain text for the model ({@code token == null}) or one added token. */
    record Segment(String text, AddedToken token) {}

    private record Pattern(String text, AddedToken token) {}

    private final Map<Character, List<Pattern>> rawByFirstChar;
    private final Map<Character, List<Pattern>> normalizedByFirstChar;

    AddedTokens(List<AddedToken> tokens, UnaryOperator<String> normalizer) {
        List<Pattern> raw = new ArrayList<>();
        List<Pattern> normalized = new ArrayList<>();
        for (AddedToken token : tokens) {
            if (token.normalized()) {
                normalized.add(new Pattern(normalizer.apply(token.content()), token));
            } else {
                raw.add(new Pattern(token.content(), token));
            }
        }
        this.rawByFirstChar = index(raw);
        this.normalizedByFirstChar = index(normalized);
    }

    private static Map<Character, List<Pattern>> index(List<Pattern> patterns) {
        Map<Character, List<Pattern>> byFirst = new HashMap<>();
        for (Pattern p : patterns) {
            if (!p.text().isEmpty()) {
                byFirst.computeIfAbsent(p.text().charAt(0), c -> new ArrayList<>())
                        .add(p);
            }
        }
        // Longest first, so the first pattern that matches at a position is the longest one there.
        byFirst.values()
                .forEach(list -> list.sort(
                        Comparator.comparingInt((Pattern p) -> -p.text().length())));
        return byFirst;
    }

    /** Splits raw text on the tokens matched before normalization. */
    List<Segment> splitRaw(String text) {
        return split(text, rawByFirstChar);
    }

    /** Splits normalized text on the tokens matched after normalization. */
    List<Segment> splitNormalized(String text) {
        return split(text, normalizedByFirstChar);
    }

    private static List<Segment> split(String text, Map<Character, List<Pattern>> patterns) {
        List<Segment> segments = new ArrayList<>();
        if (patterns.isEmpty()) {
            segments.add(new Segment(text, null));
            return segments;
        }
        int consumed = 0;
        int i = 0;
        while (i < text.length()) {
            Pattern match = longestAt(text, i, patterns.get(text.charAt(i)));
            if (match == null) {
                i++;
                continue;
            }
            int start = i;
            int stop = i + match.text().length();
            // The search resumes after a match even when single_word then rejects it, as in the reference.
            i = stop;
            AddedToken token = match.token();
            if (token.singleWord() && (wordCharBefore(text, start) || wordCharAt(text, stop))) {
                continue;
            }
            if (token.lstrip()) {
                while (start > consumed && CharClasses.isWhiteSpace(text.codePointBefore(start))) {
                    start -= Character.charCount(text.codePointBefore(start));
                }
            }
            if (token.rstrip()) {
                while (stop < text.length() && CharClasses.isWhiteSpace(text.codePointAt(stop))) {
                    stop += Character.charCount(text.codePointAt(stop));
                }
                i = stop;
            }
            if (consumed < start) {
                segments.add(new Segment(text.substring(consumed, start), null));
            }
            segments.add(new Segment(text.substring(start, stop), token));
            consumed = stop;
        }
        if (consumed < text.length() || segments.isEmpty()) {
            segments.add(new Segment(text.substring(consumed), null));
        }
        return segments;
    }

    private static Pattern longestAt(String text, int at, List<Pattern> candidates) {
        if (candidates != null) {
            for (Pattern p : candidates) {
                if (text.startsWith(p.text(), at)) {
                    return p;
                }
            }
        }
        return null;
    }

    private static boolean wordCharBefore(String text, int at) {
        return at > 0 && CharClasses.isWordChar(text.codePointBefore(at));
    }

    private static boolean wordCharAt(String text, int at) {
        return at < text.length() && CharClasses.isWordChar(text.codePointAt(at));
    }
}
