package dev.more.kernels.cpu;

/**
 * Which SIMD width the CPU kernels use.
 *
 * <p>The width comes from the system property {@code more.vector.bits}: {@code 128}, {@code 256},
 * {@code 512}, {@code off}, or unset for the platform's preferred width. The Vector API lives in the
 * incubator module {@code jdk.incubator.vector}; when the JVM was started without
 * {@code --add-modules jdk.incubator.vector} every kernel runs its scalar twin, and
 * {@link #describe()} says so, because a silently scalar engine is a common and costly mistake.
 *
 * <p>This class never touches the Vector API itself, so it loads on any JVM; the vectorised kernel
 * bodies live in separate classes that are loaded only when {@link #enabled()} is true.
 */
public final class Simd {
    /** The system property that forces a vector width. */
    public static final String WIDTH_PROPERTY = "more.vector.bits";

    private static final boolean MODULE_PRESENT =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final int BITS = chooseBits(System.getProperty(WIDTH_PROPERTY));

    private Simd() {}

    /** True when the vectorised kernels run. */
    public static boolean enabled() {
        return BITS > 0;
    }

    /** The vector width in bits, or 0 when the scalar kernels run. */
    public static int bits() {
        return BITS;
    }

    /** Float lanes per vector, or 1 when the scalar kernels run. */
    public static int floatLanes() {
        return BITS > 0 ? BITS / Float.SIZE : 1;
    }

    /** One line for logs: the width in use and why. */
    public static String describe() {
        if (!MODULE_PRESENT) {
            return "SIMD off: module jdk.incubator.vector not loaded (start java with "
                    + "--add-modules jdk.incubator.vector); scalar kernels in use";
        }
        if (BITS == 0) {
            return "SIMD off: -D" + WIDTH_PROPERTY + "=off; scalar kernels in use";
        }
        return "SIMD " + BITS + "-bit (" + floatLanes() + " float lanes)";
    }

    private static int chooseBits(String requested) {
        if (!MODULE_PRESENT) {
            return 0;
        }
        if (requested == null || requested.isBlank()) {
            return PreferredWidth.BITS;
        }
        return switch (requested.trim()) {
            case "off", "0" -> 0;
            case "128" -> 128;
            case "256" -> 256;
            case "512" -> 512;
            default ->
                throw new IllegalArgumentException(
                        "-D" + WIDTH_PROPERTY + "=" + requested + " is not a vector width; use 128, 256, 512 or off");
        };
    }

    /** Touches the Vector API, so it is a class of its own that loads only when the module is there. */
    private static final class PreferredWidth {
        static final int BITS = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
