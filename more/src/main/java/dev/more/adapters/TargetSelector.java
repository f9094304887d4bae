package dev.more.adapters;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which Linear modules receive an adapter, chosen by dotted module path as PEFT's
 * {@code target_modules} chooses them: a list of names matches a path equal to a name or ending in
 * {@code "." + name}; a regular expression must match the whole path; {@code all-linear} takes every
 * Linear outside the trainable modules (the classification head).
 */
public sealed interface TargetSelector {
    /** The spelling {@link #parse} reads for {@link AllLinear}. */
    String ALL_LINEAR = "all-linear";
    /** The prefix {@link #parse} reads for {@link Regex}. */
    String REGEX_PREFIX = "regex:";

    /** True when the module at {@code path} is a target (for {@link AllLinear}: always). */
    boolean matches(String path);

    /** The spelling {@link #parse} turns back into this selector. */
    String spec();

    /**
     * Reads {@code all-linear}, {@code regex:PATTERN}, or a comma-separated list of names such as
     * {@code query,key,value}.
     */
    static TargetSelector parse(String spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.equals(ALL_LINEAR)) {
            return new AllLinear();
        }
        if (spec.startsWith(REGEX_PREFIX)) {
            return new Regex(spec.substring(REGEX_PREFIX.length()));
        }
        return new Suffixes(
                List.of(spec.split(",", -1)).stream().map(String::strip).toList());
    }

    /**
     * Module names, each matching a path equal to it or ending in {@code "." + name}.
     *
     * @param names non-empty, each non-blank without leading or trailing dots
     */
    record Suffixes(List<String> names) implements TargetSelector {
        /** Checks the names. */
        public Suffixes {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("target module names: the list is empty");
            }
            for (String name : names) {
                if (name.isBlank()
                        || name.startsWith(".")
                        || name.endsWith(".")
                        || !name.strip().equals(name)) {
                    throw new IllegalArgumentException("target module name '" + name + "' in " + names
                            + " must be non-blank, without surrounding spaces or dots");
                }
            }
        }

        /** True when {@code path} equals {@code name} or ends in {@code "." + name}. */
        public static boolean matches(String path, String name) {
            return path.equals(name) || path.endsWith("." + name);
        }

        @Override
        public boolean matches(String path) {
            return names.stream().anyMatch(name -> matches(path, name));
        }

        @Override
        public String spec() {
            return String.join(",", names);
        }
    }

    /**
     * A regular expression (Java syntax) that must match the whole module path.
     *
     * @param pattern the expression
     */
    record Regex(String pattern) implements TargetSelector {
        /** Checks that the expression compiles. */
        public Regex {
            Objects.requireNonNull(pattern, "pattern");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException(
                        "target module pattern '" + pattern + "' is not a valid regular " + "expression: "
                                + e.getDescription(),
                        e);
            }
        }

        @Override
        public boolean matches(String path) {
            return Pattern.compile(pattern).matcher(path).matches();
        }

        @Override
        public String spec() {
            return REGEX_PREFIX + pattern;
        }
    }

    /** Every Linear module outside the trainable modules. */
    record AllLinear() implements TargetSelector {
        @Override
        public boolean matches(String path) {
            return true;
        }

        @Override
        public String spec() {
            return ALL_LINEAR;
        }
    }
}
