package dev.more.train;

import dev.more.tensor.Tensor;
import java.util.List;

/** Finds what made a step's global gradient norm NaN or infinite, for {@link TrainingDivergedException}. */
final class GradientCheck {
    private GradientCheck() {}

    /**
     * The first parameter, in order, whose gradient holds NaN or an infinity, with its module; when every
     * gradient is finite (their norm overflowed float32), the parameter with the largest gradient value.
     *
     * @param names the parameters' names
     * @param grads their gradients before clipping, in the same order; null where a parameter has none
     */
    static String culprit(List<String> names, List<Tensor> grads) {
        String largest = null;
        float largestValue = -1;
        for (int i = 0; i < names.size(); i++) {
            if (grads.get(i) == null) {
                continue;
            }
            for (float g : grads.get(i).toArray()) {
                if (!Float.isFinite(g)) {
                    return "the gradient of " + describe(names.get(i)) + " holds " + g;
                }
                if (Math.abs(g) > largestValue) {
                    largestValue = Math.abs(g);
                    largest = names.get(i);
                }
            }
        }
        return "the global gradient norm overflowed float32 though every gradient is finite (the largest value, "
                + largestValue + ", is in the gradient of " + (largest == null ? "no parameter" : describe(largest))
                + ")";
    }

    /** {@code a.b.weight (module a.b)}, or the bare name of a parameter at the root. */
    private static String describe(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name + " (module " + name.substring(0, dot) + ")";
    }
}
