package dev.more.nn.tokenizer;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Writes the committed expected-ids files from the reference library (through DJL), for {@link ReferenceCases}:
 * {@code minilm-expected-ids.json} and {@code tiny-bpe-expected-ids.json}. The README next to them says how to
 * run it. {@link PinnedIdsTest} then checks this package against the files without the native library.
 */
final class ReferenceIdsGenerator {
    static final String MINILM_EXPECTED = "dev/more/nn/tokenizer/minilm-expected-ids.json";
    static final String TINY_BPE_EXPECTED = "dev/more/nn/tokenizer/tiny-bpe-expected-ids.json";

    private ReferenceIdsGenerator() {}

    /** The argument is the test resources folder (default nn/src/test/resources, from the repository root). */
    public static void main(String[] args) throws IOException {
        Path resources = Path.of(args.length > 0 ? args[0] : "nn/src/test/resources");
        Path work = Files.createTempDirectory("reference-ids");
        Path miniLm = copyResource(WordPieceTokenizer.MINILM_RESOURCE, work.resolve("minilm.json"));
        Path tinyBpe = copyResource(Fixtures.TINY_BPE_RESOURCE, work.resolve("tiny-bpe.json"));

        List<ReferenceCases.Single> wordPieceSingles = new ArrayList<>();
        ReferenceCases.WORDPIECE_TEXTS.forEach(
                t -> wordPieceSingles.add(new ReferenceCases.Single(t, null, Tokenizer.NO_LIMIT)));
        ReferenceCases.WORDPIECE_PAIRS.forEach(
                p -> wordPieceSingles.add(new ReferenceCases.Single(p.get(0), p.get(1), Tokenizer.NO_LIMIT)));
        wordPieceSingles.addAll(ReferenceCases.WORDPIECE_TRUNCATIONS);
        write(
                resources.resolve(MINILM_EXPECTED),
                generate(
                        miniLm,
                        "classpath:" + WordPieceTokenizer.MINILM_RESOURCE,
                        wordPieceSingles,
                        ReferenceCases.WORDPIECE_BATCHES,
                        List.of()));

        List<ReferenceCases.Single> bpeSingles = new ArrayList<>();
        ReferenceCases.BPE_TEXTS.forEach(t -> bpeSingles.add(new ReferenceCases.Single(t, null, Tokenizer.NO_LIMIT)));
        bpeSingles.add(new ReferenceCases.Single(
                "The quick brown fox jumps over the lazy dog", "Hello world", Tokenizer.NO_LIMIT));
        bpeSingles.add(new ReferenceCases.Single("The quick brown fox jumps over the lazy dog", "Hello world", 7));
        // Arbitrary id sequences, many of them invalid UTF-8, pin the decoder's replacement of bad bytes.
        int vocabSize = BytePairTokenizer.fromJson(tinyBpe).vocabSize();
        Random random = new Random(11);
        List<int[]> idSequences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            idSequences.add(random.ints(1 + random.nextInt(8), 0, vocabSize).toArray());
        }
        write(
                resources.resolve(TINY_BPE_EXPECTED),
                generate(tinyBpe, Fixtures.TINY_BPE_RESOURCE, bpeSingles, List.of(), idSequences));
    }

    private static Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = ReferenceIdsGenerator.class.getResourceAsStream(name)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    private static ObjectNode generate(
            Path tokenizerFile,
            String tokenizerName,
            List<ReferenceCases.Single> singles,
            List<ReferenceCases.Batch> batches,
            List<int[]> extraDecodes)
            throws IOException {
        ObjectNode root = Fixtures.JSON.createObjectNode();
        ArrayNode encodings = Fixtures.JSON.createArrayNode();
        ArrayNode decodes = Fixtures.JSON.createArrayNode();
        try (DjlReference unlimited = DjlReference.load(tokenizerFile)) {
            root.put(
                    "reference",
                    "Hugging Face tokenizers " + unlimited.version() + " (native library of DJL "
                            + "ai.djl.huggingface:tokenizers)");
            root.put("tokenizer", tokenizerName);
            for (ReferenceCases.Single c : singles) {
                try (DjlReference ref = DjlReference.load(tokenizerFile, c.maxLength(), null)) {
                    DjlReference.Result r = c.pair() == null ? ref.encode(c.text()) : ref.encode(c.text(), c.pair());
                    ObjectNode e = encodings.addObject();
                    e.put("text", c.text());
                    if (c.pair() != null) {
                        e.put("pair", c.pair());
                    }
                    if (c.maxLength() != Tokenizer.NO_LIMIT) {
                        e.put("maxLength", c.maxLength());
                    }
                    putInts(e.putArray("ids"), r.ids());
                    putInts(e.putArray("typeIds"), r.typeIds());
                    putInts(e.putArray("attentionMask"), r.attentionMask());
                    r.tokens().forEach(e.putArray("tokens")::add);
                    addDecodes(decodes, unlimited, r.ids());
                }
            }
            for (int[] ids : extraDecodes) {
                addDecodes(decodes, unlimited, ids);
            }
        }
        root.set("encodings", encodings);
        ArrayNode batchNodes = root.putArray("batches");
        for (ReferenceCases.Batch c : batches) {
            try (DjlReference ref = DjlReference.load(tokenizerFile, c.maxLength(), c.padding())) {
                DjlReference.Result[] rows =
                        c.pairs() == null ? ref.encodeBatch(c.texts()) : ref.encodePairBatch(c.texts(), c.pairs());
                ObjectNode b = batchNodes.addObject();
                c.texts().forEach(b.putArray("texts")::add);
                if (c.pairs() != null) {
                    c.pairs().forEach(b.putArray("pairs")::add);
                }
                if (c.maxLength() != Tokenizer.NO_LIMIT) {
                    b.put("maxLength", c.maxLength());
                }
                b.put("padding", c.padding().name());
                ArrayNode ids = b.putArray("ids");
                ArrayNode mask = b.putArray("attentionMask");
                ArrayNode types = b.putArray("typeIds");
                for (DjlReference.Result row : rows) {
                    putInts(ids.addArray(), row.ids());
                    putInts(mask.addArray(), row.attentionMask());
                    putInts(types.addArray(), row.typeIds());
                }
            }
        }
        root.set("decodes", decodes);
        return root;
    }

    private static void addDecodes(ArrayNode decodes, DjlReference ref, int[] ids) {
        for (boolean skip : new boolean[] {true, false}) {
            ObjectNode d = decodes.addObject();
            putInts(d.putArray("ids"), ids);
            d.put("skipSpecialTokens", skip);
            d.put("text", ref.decode(ids, skip));
        }
    }

    private static void putInts(ArrayNode array, int[] values) {
        for (int v : values) {
            array.add(v);
        }
    }

    private static void write(Path file, ObjectNode json) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(
                file,
                Fixtures.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json) + "\n",
                StandardCharsets.UTF_8);
    }
}
