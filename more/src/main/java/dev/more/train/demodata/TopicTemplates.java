package dev.more.train.demodata;

import java.util.List;

/**
 * Four-way topic classification of news-style sentences: business, cooking, science, sports. Each
 * topic has six templates over its own names and numbers; a seventh template per topic is a hard case
 * that borrows another topic's words (a club's share price is business, the chemistry of browning
 * onions is science, an athlete's contract is sports, a restaurant chain's dessert recipe is cooking).
 */
final class TopicTemplates {
    static final List<String> LABELS = List.of("business", "cooking", "science", "sports");

    private static final List<String> TEAMS = List.of(
            "the Falcons",
            "Riverside United",
            "the Harbor Hawks",
            "the Northfield Rovers",
            "the Granite City Bears",
            "Lakeside Athletic",
            "the Summit Eagles",
            "the Valley Wolves");
    private static final List<String> ATHLETES = List.of(
            "Maria Lopez",
            "Kenji Sato",
            "Amara Okafor",
            "Lukas Brandt",
            "Priya Nair",
            "Tom Fischer",
            "Elena Petrova",
            "Daniel Mensah");
    private static final List<String> EVENTS = List.of(
            "the semifinal",
            "Saturday's derby",
            "the season opener",
            "the cup final",
            "last night's match",
            "the playoff game");
    private static final List<String> COMPANIES = List.of(
            "Northwind Energy",
            "Apex Logistics",
            "Bluepeak Software",
            "Crestline Foods",
            "Meridian Bank",
            "Orion Motors",
            "Silverline Telecom",
            "Harborview Retail");
    private static final List<String> RESTAURANTS = List.of(
            "Golden Spoon", "Bella Tavola", "Green Bowl", "Smokehouse Grill", "Noodle Corner", "The Olive Branch");
    private static final List<String> ANIMALS =
            List.of("frog", "beetle", "orchid bee", "gecko", "deep-sea fish", "bat", "salamander", "coral");
    private static final List<String> REGIONS =
            List.of("the Andes", "Borneo", "the Congo basin", "New Guinea", "the Atlantic seabed", "Madagascar");
    private static final List<String> SKY_OBJECTS =
            List.of("a distant galaxy", "a young star", "an exoplanet", "a comet", "a black hole", "a supernova");
    private static final List<String> INGREDIENTS = List.of(
            "butter", "garlic", "fresh basil", "lemon zest", "brown sugar", "olive oil", "grated parmesan", "honey");
    private static final List<String> VEGETABLES =
            List.of("carrots", "potatoes", "cauliflower", "peppers", "sweet potatoes", "brussels sprouts");
    private static final List<String> DISHES = List.of(
            "risotto", "banana bread", "lasagna", "curry", "pancakes", "roast chicken", "apple pie", "fried rice");

    private final Picker picker;

    TopicTemplates(long seed) {
        this.picker = new Picker(seed);
    }

    /** An example of {@code topic}, one of {@link #LABELS}, from a template drawn at random. */
    Item next(String topic) {
        int template = picker.below(7);
        String text = switch (topic) {
            case "sports" -> sports(template);
            case "business" -> business(template);
            case "science" -> science(template);
            default -> cooking(template);
        };
        return new Item(text, null, topic);
    }

    private int number(int from, int to) {
        return from + picker.below(to - from + 1);
    }

    private String sports(int template) {
        String team = picker.pick(TEAMS);
        String athlete = picker.pick(ATHLETES);
        return switch (template) {
            case 0 ->
                Picker.capitalize(team) + " beat " + picker.pickOther(TEAMS, team) + " " + number(1, 5) + "-"
                        + number(0, 1) + " in " + picker.pick(EVENTS) + ".";
            case 1 ->
                athlete + " set a new " + picker.pick(List.of("national", "world", "course", "meet"))
                        + " record in the "
                        + picker.pick(List.of("100 metres", "marathon", "high jump", "200 metres freestyle")) + ".";
            case 2 ->
                "The coach praised " + team + (team.endsWith("s") ? "'" : "'s") + " defence after "
                        + picker.pick(EVENTS) + ".";
            case 3 ->
                athlete + " will miss " + number(2, 8) + " weeks with a "
                        + picker.pick(List.of("knee", "hamstring", "shoulder", "ankle")) + " injury.";
            case 4 -> "Fans packed the stadium to watch " + team + " face " + picker.pickOther(TEAMS, team) + ".";
            case 5 ->
                "After a slow start, " + athlete + " won the "
                        + picker.pick(List.of("tennis final", "cycling stage", "golf open", "boxing title fight"))
                        + " in front of a home crowd.";
            default ->
                athlete + " signed a " + number(2, 5) + "-year contract worth " + number(10, 90)
                        + " million dollars with " + team + ".";
        };
    }

    private String business(int template) {
        String company = picker.pick(COMPANIES);
        return switch (template) {
            case 0 ->
                company + " reported a " + number(2, 30) + " percent " + picker.pick(List.of("rise", "fall"))
                        + " in quarterly profit.";
            case 1 ->
                "Shares of " + company + " " + picker.pick(List.of("fell", "jumped", "slipped", "surged"))
                        + " after the "
                        + picker.pick(
                                List.of("earnings report", "merger announcement", "product recall", "profit warning"))
                        + ".";
            case 2 ->
                company + " agreed to buy " + picker.pickOther(COMPANIES, company) + " for " + number(2, 40)
                        + " billion dollars.";
            case 3 ->
                "To cool inflation, the central bank raised interest rates by "
                        + picker.pick(List.of("a quarter of a", "half a", "one")) + " percentage point.";
            case 4 -> company + " plans to cut " + number(2, 9) + "00 jobs to reduce costs.";
            case 5 -> "Investors welcomed the appointment of a new chief executive at " + company + ".";
            default ->
                "Shares in the company that owns " + picker.pick(TEAMS) + " rose " + number(3, 15)
                        + " percent after it sold the stadium's naming rights.";
        };
    }

    private String science(int template) {
        return switch (template) {
            case 0 ->
                "Researchers discovered a new species of " + picker.pick(ANIMALS) + " in " + picker.pick(REGIONS) + ".";
            case 1 ->
                "Astronomers observed " + picker.pick(SKY_OBJECTS) + " about " + number(2, 900)
                        + " million light years away.";
            case 2 ->
                "A study found that " + picker.pick(List.of("sleep", "exercise", "sunlight", "a low-salt diet"))
                        + " improves " + picker.pick(List.of("memory", "heart health", "learning", "muscle repair"))
                        + " in " + picker.pick(List.of("mice", "older adults", "children", "fruit flies")) + ".";
            case 3 -> "The space telescope captured detailed images of " + picker.pick(SKY_OBJECTS) + ".";
            case 4 ->
                "Physicists measured the "
                        + picker.pick(List.of(
                                "mass of the neutrino",
                                "charge radius of the proton",
                                "gravitational constant",
                                "lifetime of the muon"))
                        + " with record precision, calling it \"a "
                        + picker.pick(List.of("milestone", "surprise", "turning point")) + "\".";
            case 5 ->
                "The probe will reach " + picker.pick(List.of("Jupiter", "Saturn's moon Titan", "Mars", "an asteroid"))
                        + " in " + number(2027, 2036) + ".";
            default ->
                "Chemists explained why "
                        + picker.pick(List.of(
                                "onions turn brown",
                                "bread crust darkens",
                                "sugar caramelizes",
                                "steak develops a crust"))
                        + " when heated.";
        };
    }

    private String cooking(int template) {
        String dish = picker.pick(DISHES);
        return switch (template) {
            case 0 -> "Whisk the eggs with " + picker.pick(INGREDIENTS) + " until smooth.";
            case 1 ->
                "Roast the " + picker.pick(VEGETABLES) + " at " + number(18, 23) + "0 degrees for " + number(2, 5)
                        + "0 minutes.";
            case 2 -> "This " + dish + " recipe needs only " + number(4, 9) + " ingredients.";
            case 3 ->
                "Simmer the " + picker.pick(List.of("tomato sauce", "broth", "stew", "lentils"))
                        + " gently, then season with "
                        + picker.pick(List.of("salt", "black pepper", "cumin", "paprika", "thyme")) + ".";
            case 4 ->
                "The chef shared her secret for perfectly "
                        + picker.pick(List.of("crispy", "fluffy", "tender", "golden")) + " " + dish + ".";
            case 5 ->
                "Stir in the " + picker.pick(INGREDIENTS) + " and let the " + dish + " rest for " + number(5, 15)
                        + " minutes before serving.";
            default ->
                "The restaurant chain " + picker.pick(RESTAURANTS) + " published its recipe for " + dish + " with "
                        + picker.pick(INGREDIENTS) + ".";
        };
    }
}
