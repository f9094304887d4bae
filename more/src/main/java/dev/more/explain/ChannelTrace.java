package dev.more.explain;

/**
 * The positions one input channel can reach at each stage of a MoRe product (see {@link MonarchAnatomy#trace}).
 *
 * @param channel the input feature
 * @param inputBlock the input block that holds it
 * @param hidden the middle positions after {@code BD1} (h indices), one per rank slot of its block
 * @param mixed where {@code P_mid} moves them (g indices), ascending
 * @param blockOutputs the outputs of {@code BD2} (o indices) of every output block that received one of them
 * @param outputs the output features, after {@code P_out} and truncation, ascending
 */
public record ChannelTrace(int channel, int inputBlock, int[] hidden, int[] mixed, int[] blockOutputs, int[] outputs) {}
