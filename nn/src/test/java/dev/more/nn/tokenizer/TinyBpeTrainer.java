package dev.more.nn.tokenizer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * A minimal byte-level BPE trainer that writes a GPT-2 style {@code tokenizer.json}. No GPT-2 file can be
 * downloaded where the tests run, so this makes the small one the BPE tests use ({@code tiny-bpe-tokenizer.json}
 * in the test resources; {@link #main} rewrites it, and a test checks that training still reproduces it).
 *
 * <p>Training: split the corpus with GPT-2's pattern, write each piece as byte characters, then repeatedly merge
 * the most frequent adjacent pair (ties: the smallest pair in string order) until {@code merges} merges are made or
 * every piece is one symbol. The vocabulary is the 256 byte characters (ids 0-255, in byte order), then each merge's
 * result, then {@code <|endoftext|>}.
 */
final class TinyBpeTrainer {
    /** Where {@link #main} writes the file, relative to the repository root. */
    static final String RESOURCE = "dev/more/nn/tokenizer/tiny-bpe-tokenizer.json";

    static final int MERGES = 400;
    static final String END_OF_TEXT = "<|endoftext|>";

    /** English prose, code, numbers and a little of other scripts, so that the merges cover varied text. */
    static final String CORPUS = """
            The tokenizer was trained on this very sentence, and on the sentences around it. A tokenizer turns
            text into numbers: it splits the text into pieces and looks each piece up in its vocabulary. Byte-pair
            encoding starts from single bytes and learns which pairs of pieces occur together most often, then
            merges them into new pieces. The most frequent words become single tokens; rare words are spelled out
            from smaller pieces. It's simple, it's fast, and it can encode any text at all, because every byte is
            in the vocabulary. We're testing that the merges are applied in the right order, that they've been
            ranked by frequency, and that I'm not losing any bytes on the way back. You'll see numbers like 12,
            345, 6789 and 3.14159; dates like 2024-06-01; and code like for (int i = 0; i < n; i++) { sum += x[i]; }
            The quick brown fox jumps over the lazy dog. The lazy dog sleeps in the sun, and the fox runs away.
            Hello world! Hello again, world. Goodbye, world? "Quoted text" and 'single quotes' and (parentheses).
            Un café crème, s'il vous plaît. Die Straße ist naß. Ça va très bien, merci. El niño está aquí.
            Привет, мир! Как дела? Ελληνικά γράμματα. 中文字符和日本語のテキスト. 한국어 텍스트입니다.
            Emoji too: 😀 😀 👍 👍🏽 ❤️ 🎉 — and dashes – of several kinds.
            """;

    private TinyBpeTrainer() {}

    /** Rewrites the committed file: the argument is the test resources folder (default nn/src/test/resources). */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "nn/src/test/resources");
        Path file = resources.resolve(RESOURCE);
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(train(CORPUS, MERGES, false))
                        + "\n",
                StandardCharsets.UTF_8);
    }

    /** Trains on {@code corpus}; {@code arrayMerges} writes merges as {@code ["a", "b"]} instead of {@code "a b"}. */
    static ObjectNode train(String corpus, int merges, boolean arrayMerges) {
        Map<List<String>, Integer> words = new HashMap<>();
        Matcher m = ByteLevel.GPT2_SPLIT.matcher(corpus);
        while (m.find()) {
            String bytes = ByteLevel.toByteChars(m.group());
            List<String> symbols = new ArrayList<>();
            bytes.chars().forEach(c -> symbols.add(String.valueOf((char) c)));
            words.merge(symbols, 1, Integer::sum);
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int b = 0; b < 256; b++) {
            vocab.put(String.valueOf(ByteLevel.charOf(b)), b);
        }
        List<String[]> learned = new ArrayList<>();
        while (learned.size() < merges) {
            String[] best = mostFrequentPair(words);
            if (best == null) {
                break;
            }
            learned.add(best);
            vocab.putIfAbsent(best[0] + best[1], vocab.size());
            words = applyMerge(words, best[0], best[1]);
        }
        vocab.put(END_OF_TEXT, vocab.size());
        return tokenizerJson(vocab, learned, arrayMerges);
    }

    private static String[] mostFrequentPair(Map<List<String>, Integer> words) {
        Map<List<String>, Integer> counts = new HashMap<>();
        words.forEach((symbols, count) -> {
            for (int i = 0; i + 1 < symbols.size(); i++) {
                counts.merge(List.of(symbols.get(i), symbols.get(i + 1)), count, Integer::sum);
            }
        });
        List<String> best = null;
        int bestCount = 0;
        for (Map.Entry<List<String>, Integer> e : counts.entrySet()) {
            int c = e.getValue();
            if (c > bestCount || (c == bestCount && best != null && compare(e.getKey(), best) < 0)) {
                best = e.getKey();
                bestCount = c;
            }
        }
        return best == null ? null : new String[] {best.get(0), best.get(1)};
    }

    private static int compare(List<String> a, List<String> b) {
        int c = a.get(0).compareTo(b.get(0));
        return c != 0 ? c : a.get(1).compareTo(b.get(1));
    }

    private static Map<List<String>, Integer> applyMerge(Map<List<String>, Integer> words, String left, String right) {
        Map<List<String>, Integer> merged = new HashMap<>();
        words.forEach((symbols, count) -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < symbols.size(); i++) {
                if (i + 1 < symbols.size()
                        && symbols.get(i).equals(left)
                        && symbols.get(i + 1).equals(right)) {
                    out.add(left + right);
                    i++;
                } else {
                    out.add(symbols.get(i));
                }
            }
            merged.merge(out, count, Integer::sum);
        });
        return merged;
    }

    private static ObjectNode tokenizerJson(Map<String, Integer> vocab, List<String[]> merges, boolean arrayMerges) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ObjectNode eot = root.putArray("added_tokens").addObject();
        eot.put("id", vocab.get(END_OF_TEXT));
        eot.put("content", END_OF_TEXT);
        eot.put("single_word", false);
        eot.put("lstrip", false);
        eot.put("rstrip", false);
        eot.put("normalized", true);
        eot.put("special", true);
        root.putNull("normalizer");
        root.set("pre_tokenizer", byteLevel(false, true));
        root.set("post_processor", byteLevel(true, false));
        root.set("decoder", byteLevel(true, true));
        ObjectNode model = root.putObject("model");
        model.put("type", "BPE");
        model.putNull("dropout");
        model.putNull("unk_token");
        model.put("continuing_subword_prefix", "");
        model.put("end_of_word_suffix", "");
        model.put("fuse_unk", false);
        model.put("byte_fallback", false);
        model.put("ignore_merges", false);
        ObjectNode vocabNode = model.putObject("vocab");
        vocab.forEach(vocabNode::put);
        ArrayNode mergesNode = model.putArray("merges");
        for (String[] merge : merges) {
            if (arrayMerges) {
                mergesNode.addArray().add(merge[0]).add(merge[1]);
            } else {
                mergesNode.add(merge[0] + " " + merge[1]);
            }
        }
        return root;
    }

    private static ObjectNode byteLevel(boolean addPrefixSpace, boolean trimOffsets) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", addPrefixSpace);
        node.put("trim_offsets", trimOffsets);
        node.put("use_regex", true);
        return node;
    }
}
