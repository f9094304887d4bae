package dev.more.adapters;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The optional learned scale on a MoRe adapter's output, zero-initialised: none, one scalar, or one per output feature. */
public enum ScalerKind {
    /** No scaler: {@code y = base(x) + Δ(x)}. */
    NONE("none"),
    /** One learned scalar s (shape (1)): {@code y = base(x) + s·Δ(x)}. */
    SCALAR("scalar"),
    /** A learned vector s (shape (out)): {@code y = base(x) + s ⊙ Δ(x)}. */
    PER_FEATURE("per-feature");

    private final String jsonName;

    ScalerKind(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in {@code adapter_config.json} and on the command line. */
    public String jsonName() {
        return jsonName;
    }

    /** The kind named {@code name} ({@code none}, {@code scalar} or {@code per-feature}). */
    public static ScalerKind parse(String name) {
        for (ScalerKind kind : values()) {
            if (kind.jsonName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown scaler '" + name + "'; expected one of "
                + Arrays.stream(values()).map(ScalerKind::jsonName).collect(Collectors.joining(", ")));
    }
}
