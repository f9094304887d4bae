package dev.more.nn;

import java.util.Arrays;
import java.util.List;

/**
 * What {@link Module#loadStateDict} found: the module's parameters the state lacked, the state's
 * entries the module has no parameter for, and the entries whose shape differs from the parameter's.
 *
 * @param missingKeys parameters of the module absent from the state, in module order
 * @param unexpectedKeys names in the state that are not parameters of the module, in state order
 * @param shapeMismatches entries present on both sides with different shapes, in module order
 */
public record LoadReport(List<String> missingKeys, List<String> unexpectedKeys, List<ShapeMismatch> shapeMismatches) {
    /** Copies the lists. */
    public LoadReport {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
        shapeMismatches = List.copyOf(shapeMismatches);
    }

    /** True when every parameter was loaded and nothing was left over. */
    public boolean isClean() {
        return missingKeys.isEmpty() && unexpectedKeys.isEmpty() && shapeMismatches.isEmpty();
    }

    /** One entry whose shape differs from its parameter's. */
    public record ShapeMismatch(String name, List<Integer> expected, List<Integer> found) {
        /** Copies the shapes. */
        public ShapeMismatch {
            expected = List.copyOf(expected);
            found = List.copyOf(found);
        }

        ShapeMismatch(String name, int[] expected, int[] found) {
            this(
                    name,
                    Arrays.stream(expected).boxed().toList(),
                    Arrays.stream(found).boxed().toList());
        }

        @Override
        public String toString() {
            return name + ": module has " + expected + ", state has " + found;
        }
    }

    @Override
    public String toString() {
        if (isClean()) {
            return "all keys matched";
        }
        return count(missingKeys.size(), "missing key", "missing keys") + " " + missingKeys + "; "
                + count(unexpectedKeys.size(), "unexpected key", "unexpected keys") + " " + unexpectedKeys + "; "
                + count(shapeMismatches.size(), "shape mismatch", "shape mismatches") + " " + shapeMismatches;
    }

    private static String count(int n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }
}
