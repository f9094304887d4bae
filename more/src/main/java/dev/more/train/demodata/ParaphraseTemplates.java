package dev.more.train.demodata;

import java.util.List;

/**
 * Sentence pairs labelled 1 when the second sentence says the same as the first (a paraphrase) and 0
 * when it does not, in the style of MRPC. A pair starts from a fact (who did what to which thing,
 * where, when) and writes it twice in different forms: active or passive voice, a fronted time or
 * place, synonyms (bought and purchased, car and vehicle). Non-paraphrases change one detail of the
 * fact, put in a verb that is not a synonym (bought against sold), negate it, or, for two-person
 * facts, swap the roles ("Anna sent a letter to Ben" against "Ben received a letter from Anna" is a
 * paraphrase; "Ben sent a letter to Anna" is not): the hard cases, where almost every word is shared.
 */
final class ParaphraseTemplates {
    static final String SAME = "1";
    static final String DIFFERENT = "0";

    /** A verb with its synonyms, in the past tense (equal to the participle here) and the base form. */
    private record Verb(List<String> past, List<String> base) {}

    /** A thing with its synonyms. */
    private record Thing(List<String> names) {}

    /** A two-person relation, written forward ("A sent a letter to B") or from the other side. */
    private record Relation(String forward, String backward, String fronted) {
        String write(int form, String a, String b, String day) {
            String pattern = switch (form) {
                case 0 -> forward + " on " + day + ".";
                case 1 -> backward + " on " + day + ".";
                default -> "On " + day + ", " + fronted + ".";
            };
            return pattern.replace("{A}", a).replace("{B}", b);
        }
    }

    private static final List<String> PEOPLE =
            List.of("Anna", "Ben", "Carla", "David", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kira", "Leo");
    private static final List<String> CITIES =
            List.of("Lisbon", "Oslo", "Toronto", "Nairobi", "Osaka", "Dublin", "Vienna", "Lima", "Perth", "Prague");
    private static final List<String> DAYS =
            List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
    private static final List<Verb> VERBS = List.of(
            new Verb(List.of("bought", "purchased"), List.of("buy", "purchase")),
            new Verb(List.of("fixed", "repaired"), List.of("fix", "repair")),
            new Verb(List.of("sold"), List.of("sell")),
            new Verb(List.of("painted"), List.of("paint")),
            new Verb(List.of("washed", "cleaned"), List.of("wash", "clean")),
            new Verb(List.of("delivered"), List.of("deliver")));
    private static final List<Thing> THINGS = List.of(
            new Thing(List.of("car", "vehicle")),
            new Thing(List.of("bicycle", "bike")),
            new Thing(List.of("sofa", "couch")),
            new Thing(List.of("fridge", "refrigerator")),
            new Thing(List.of("boat")),
            new Thing(List.of("piano")),
            new Thing(List.of("table")));
    private static final List<Relation> RELATIONS = List.of(
            new Relation("{A} sent a letter to {B}", "{B} received a letter from {A}", "{A} sent {B} a letter"),
            new Relation("{A} lent money to {B}", "{B} borrowed money from {A}", "{A} lent {B} some money"),
            new Relation("{A} sold a car to {B}", "{B} bought a car from {A}", "{A} sold {B} a car"),
            new Relation("{A} taught {B} to swim", "{B} learned to swim from {A}", "{A} taught {B} how to swim"),
            new Relation("{A} gave a book to {B}", "{B} was given a book by {A}", "{A} gave {B} a book"));

    private final Picker picker;

    ParaphraseTemplates(long seed) {
        this.picker = new Picker(seed);
    }

    /** The labels, {@code 0} (different) and {@code 1} (paraphrase). */
    static final List<String> LABELS = List.of(DIFFERENT, SAME);

    /** A pair with {@code label}, one of {@link #LABELS}. */
    Item next(String label) {
        boolean same = label.equals(SAME);
        String[] pair = picker.below(4) == 0 ? relationPair(same) : factPair(same);
        return new Item(pair[0], pair[1], same ? SAME : DIFFERENT);
    }

    private String[] relationPair(boolean same) {
        Relation relation = picker.pick(RELATIONS);
        String a = picker.pick(PEOPLE);
        String b = picker.pickOther(PEOPLE, a);
        String day = picker.pick(DAYS);
        int firstForm = picker.below(3);
        String first = relation.write(firstForm, a, b, day);
        if (same) {
            return new String[] {first, relation.write(picker.pickOther(List.of(0, 1, 2), firstForm), a, b, day)};
        }
        return new String[] {
            first,
            switch (picker.below(3)) {
                case 0 -> relation.write(picker.below(3), b, a, day);
                case 1 -> relation.write(picker.below(3), a, picker.pickNotIn(PEOPLE, List.of(a, b)), day);
                default -> relation.write(picker.below(3), a, b, picker.pickOther(DAYS, day));
            }
        };
    }

    private String[] factPair(boolean same) {
        String person = picker.pick(PEOPLE);
        Verb verb = picker.pick(VERBS);
        Thing thing = picker.pick(THINGS);
        String city = picker.pick(CITIES);
        String day = picker.pick(DAYS);
        int firstForm = picker.below(4);
        String first = write(firstForm, person, picker.pick(verb.past()), picker.pick(thing.names()), city, day);
        if (same) {
            int form = picker.pickOther(List.of(0, 1, 2, 3), firstForm);
            return new String[] {
                first, write(form, person, picker.pick(verb.past()), picker.pick(thing.names()), city, day)
            };
        }
        int form = picker.below(4);
        String second = switch (picker.below(6)) {
            case 0 ->
                write(
                        form,
                        picker.pickOther(PEOPLE, person),
                        picker.pick(verb.past()),
                        picker.pick(thing.names()),
                        city,
                        day);
            case 1 ->
                write(
                        form,
                        person,
                        picker.pick(picker.pickOther(VERBS, verb).past()),
                        picker.pick(thing.names()),
                        city,
                        day);
            case 2 ->
                write(
                        form,
                        person,
                        picker.pick(verb.past()),
                        picker.pick(picker.pickOther(THINGS, thing).names()),
                        city,
                        day);
            case 3 ->
                write(
                        form,
                        person,
                        picker.pick(verb.past()),
                        picker.pick(thing.names()),
                        picker.pickOther(CITIES, city),
                        day);
            case 4 ->
                write(
                        form,
                        person,
                        picker.pick(verb.past()),
                        picker.pick(thing.names()),
                        city,
                        picker.pickOther(DAYS, day));
            default -> negated(person, verb, picker.pick(thing.names()), city, day);
        };
        return new String[] {first, second};
    }

    private static String write(int form, String person, String verb, String thing, String city, String day) {
        return switch (form) {
            case 0 -> person + " " + verb + " the " + thing + " in " + city + " on " + day + ".";
            case 1 -> "On " + day + ", " + person + " " + verb + " the " + thing + " in " + city + ".";
            case 2 -> "The " + thing + " was " + verb + " by " + person + " in " + city + " on " + day + ".";
            default -> "In " + city + ", " + person + " " + verb + " the " + thing + " on " + day + ".";
        };
    }

    private String negated(String person, Verb verb, String thing, String city, String day) {
        if (picker.coin()) {
            return person + " did not " + picker.pick(verb.base()) + " the " + thing + " in " + city + " on " + day
                    + ".";
        }
        return "The " + thing + " was not " + picker.pick(verb.past()) + " by " + person + " in " + city + " on " + day
                + ".";
    }
}
