package dev.more.train.demodata;

/**
 * One generated example.
 *
 * @param text the sentence, or the first sentence of a pair
 * @param textPair the second sentence of a pair, or null
 * @param label the label
 */
record Item(String text, String textPair, String label) {}
