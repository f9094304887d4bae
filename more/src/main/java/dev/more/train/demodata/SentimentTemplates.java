package dev.more.train.demodata;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Binary sentiment (negative, positive) of short reviews of films, restaurants, products, hotels and
 * books. Each example draws a label, a domain and one of twelve templates, and fills the template so
 * that the sentence has that label. Plain statements are mixed with hard cases where the words point
 * the other way: negation ("was not dull"), contrast where the last clause decides ("the soup was
 * bland, but the steak was delicious"), disappointed or exceeded expectations, "neither ... nor",
 * "nothing about ... was", and idioms ("could not have been better").
 */
final class SentimentTemplates {
    static final String NEGATIVE = "negative";
    static final String POSITIVE = "positive";

    /** A domain: things to review and the adjectives that fit them. */
    private record Domain(List<String> subjects, List<String> positive, List<String> negative) {}

    private static final List<String> GENERIC_POSITIVE = List.of(
            "excellent",
            "wonderful",
            "great",
            "fantastic",
            "superb",
            "impressive",
            "lovely",
            "outstanding",
            "pleasant",
            "terrific",
            "marvellous",
            "solid");
    private static final List<String> GENERIC_NEGATIVE = List.of(
            "terrible",
            "awful",
            "poor",
            "disappointing",
            "mediocre",
            "dreadful",
            "lousy",
            "unpleasant",
            "horrible",
            "subpar",
            "shoddy",
            "frustrating");
    private static final List<String> INTENSIFIERS =
            List.of("", "", "", "really ", "truly ", "absolutely ", "quite ", "extremely ", "genuinely ");

    private static final List<Domain> DOMAINS = List.of(
            new Domain(
                    List.of(
                            "the film",
                            "this movie",
                            "the sequel",
                            "the soundtrack",
                            "the acting",
                            "the script",
                            "the ending",
                            "the cinematography",
                            "the documentary",
                            "the lead performance"),
                    List.of("gripping", "moving", "hilarious", "beautifully shot", "clever", "touching"),
                    List.of("dull", "boring", "predictable", "confusing", "tedious", "overlong")),
            new Domain(
                    List.of(
                            "the restaurant",
                            "the soup",
                            "the dessert",
                            "the salad",
                            "the curry",
                            "the steak",
                            "the menu",
                            "the coffee",
                            "the pasta",
                            "the bread"),
                    List.of("delicious", "fresh", "tasty", "flavorful", "generous", "perfectly seasoned"),
                    List.of("bland", "cold", "greasy", "salty", "stale", "overcooked")),
            new Domain(
                    List.of(
                            "this phone",
                            "the laptop",
                            "the headset",
                            "the battery",
                            "the blender",
                            "the keyboard",
                            "this vacuum cleaner",
                            "the charger",
                            "the camera",
                            "the printer"),
                    List.of("reliable", "sturdy", "fast", "intuitive", "quiet", "well designed"),
                    List.of("flimsy", "slow", "unreliable", "overpriced", "noisy", "buggy")),
            new Domain(
                    List.of(
                            "the hotel",
                            "our room",
                            "the front desk",
                            "the breakfast",
                            "the pool",
                            "the view",
                            "the bed",
                            "the location",
                            "the staff",
                            "the spa"),
                    List.of("spotless", "cozy", "peaceful", "welcoming", "comfortable", "stunning"),
                    List.of("dirty", "cramped", "shabby", "unwelcoming", "uncomfortable", "run-down")),
            new Domain(
                    List.of(
                            "the novel",
                            "this book",
                            "the last chapter",
                            "the author's prose",
                            "the plot",
                            "the main character",
                            "the translation",
                            "the biography",
                            "the dialogue",
                            "the story"),
                    List.of("captivating", "insightful", "well written", "thoughtful", "vivid", "charming"),
                    List.of("shallow", "clumsy", "forgettable", "muddled", "repetitive", "lifeless")));

    private final Picker picker;
    private final List<Function<Boolean, String>> templates = new ArrayList<>();

    SentimentTemplates(long seed) {
        this.picker = new Picker(seed);
        templates.add(this::plain);
        templates.add(this::negated);
        templates.add(this::verb);
        templates.add(this::negatedWords);
        templates.add(this::butContrast);
        templates.add(this::althoughContrast);
        templates.add(this::expectation);
        templates.add(this::idiom);
        templates.add(this::recommendation);
        templates.add(this::neitherNor);
        templates.add(this::nothingAbout);
        templates.add(this::exclamation);
    }

    /** The labels, {@code negative} and {@code positive}. */
    static final List<String> LABELS = List.of(NEGATIVE, POSITIVE);

    /** An example with {@code label}: a template drawn at random, filled to say it. */
    Item next(String label) {
        boolean positive = label.equals(POSITIVE);
        String text = Picker.capitalize(picker.pick(templates).apply(positive));
        return new Item(text, null, positive ? POSITIVE : NEGATIVE);
    }

    private Domain domain;

    private String subject() {
        domain = picker.pick(DOMAINS);
        return picker.pick(domain.subjects());
    }

    /** An adjective of the current domain (or a generic one) with polarity {@code positive}. */
    private String adjective(boolean positive) {
        boolean generic = picker.below(5) < 2;
        if (positive) {
            return picker.pick(generic ? GENERIC_POSITIVE : domain.positive());
        }
        return picker.pick(generic ? GENERIC_NEGATIVE : domain.negative());
    }

    private String plain(boolean positive) {
        String s = subject();
        return s + " was " + picker.pick(INTENSIFIERS) + adjective(positive) + ".";
    }

    private String negated(boolean positive) {
        String s = subject();
        String adjective = adjective(!positive);
        return switch (picker.below(3)) {
            case 0 -> s + " was not " + adjective + ".";
            case 1 -> s + " wasn't " + adjective + " at all.";
            default -> "honestly, " + s + " was never " + adjective + ".";
        };
    }

    private String verb(boolean positive) {
        String s = subject();
        List<String> verbs = positive
                ? List.of(
                        "I loved", "we adored", "I really liked", "we enjoyed", "my family loved", "I was delighted by")
                : List.of(
                        "I hated",
                        "we disliked",
                        "I could not stand",
                        "we were annoyed by",
                        "my family hated",
                        "I was let down by");
        return picker.pick(verbs) + " " + s + ".";
    }

    /** Negative words with a positive meaning, and negated positive verbs. */
    private String negatedWords(boolean positive) {
        String s = subject();
        if (positive) {
            return picker.pick(List.of(
                            "I have nothing bad to say about ",
                            "I could not find anything wrong with ",
                            "there was no problem at all with ",
                            "I have no complaints about "))
                    + s + ".";
        }
        return picker.pick(List.of(
                        "I did not like ", "I did not enjoy ", "we were not happy with ", "nobody in our group liked "))
                + s + ".";
    }

    private String butContrast(boolean positive) {
        String first = subject();
        String firstAdjective = adjective(!positive);
        String second = picker.pickOther(domain.subjects(), first);
        return first + " was " + firstAdjective + ", but " + second + " was " + picker.pick(INTENSIFIERS)
                + adjective(positive) + ".";
    }

    private String althoughContrast(boolean positive) {
        String first = subject();
        String firstAdjective = adjective(!positive);
        String second = picker.pickOther(domain.subjects(), first);
        return "although " + first + " was " + firstAdjective + ", " + second + " was " + adjective(positive) + ".";
    }

    private String expectation(boolean positive) {
        String s = subject();
        return "I expected " + s + " to be " + adjective(!positive) + ", but it was " + adjective(positive) + ".";
    }

    private String idiom(boolean positive) {
        String s = subject();
        return switch (picker.below(3)) {
            case 0 -> s + " could not have been " + (positive ? "better" : "worse") + ".";
            case 1 -> "I have rarely come across anything as " + adjective(positive) + " as " + s + ".";
            default -> positive ? s + " exceeded all my expectations." : s + " fell far short of my expectations.";
        };
    }

    private String recommendation(boolean positive) {
        String s = subject();
        if (positive) {
            return picker.pick(
                            List.of("I would definitely recommend ", "I would happily recommend ", "I can recommend "))
                    + s
                    + picker.pick(List.of(" to anyone.", " to a friend.", "."));
        }
        return picker.pick(List.of("I would not recommend ", "I would never recommend ", "I cannot recommend "))
                + s
                + picker.pick(List.of(" to anyone.", " to a friend.", "."));
    }

    private String neitherNor(boolean positive) {
        String s = subject();
        String first = adjective(!positive);
        String second;
        do {
            second = adjective(!positive);
        } while (second.equals(first));
        return s + " was neither " + first + " nor " + second + ".";
    }

    private String nothingAbout(boolean positive) {
        String s = subject();
        return "nothing about " + s + " was " + adjective(!positive) + ".";
    }

    private String exclamation(boolean positive) {
        String s = subject();
        String noun = s.substring(s.indexOf(' ') + 1);
        String adjective = adjective(positive);
        return "what " + Picker.article(adjective) + " " + adjective + " " + noun + "!";
    }
}
