package dev.more.it;

import dev.more.demo.SyntheticRegression;

/** Prints the exact bits of a short demo run's losses; {@link DeterminismTest} runs it in a fresh JVM. */
public final class LossPrinter {
    static final SyntheticRegression.Config CONFIG = new SyntheticRegression.Config(5, 64, 8, 40, 0.2f);

    private LossPrinter() {}

    /** Prints one hexadecimal float-bits word per loss. */
    public static void main(String[] args) {
        System.out.println(
                bits(SyntheticRegression.run(CONFIG, (step, loss) -> {}).losses()));
    }

    static String bits(float[] losses) {
        StringBuilder sb = new StringBuilder();
        for (float loss : losses) {
            sb.append(Integer.toHexString(Float.floatToRawIntBits(loss))).append(' ');
        }
        return sb.toString().trim();
    }
}
