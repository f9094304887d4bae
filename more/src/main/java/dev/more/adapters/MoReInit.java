package dev.more.adapters;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How a MoRe adapter's factors start. */
public enum MoReInit {
    /**
     * The official scheme: {@code blkdiag1} Kaiming-uniform per block (bound {@code 1/sqrt(in_blk)}),
     * {@code blkdiag2} zeros, so Δ = 0 at step 0. With a scaler, the scaler is the zero and
     * {@code blkdiag2} is Kaiming-uniform too (bound {@code 1/sqrt(blk_r)}), as in the official code:
     * zero scaler and zero {@code blkdiag2} would leave both without a gradient forever.
     */
    KAIMING("kaiming"),
    /**
     * The factors start at the {@linkplain MonarchProjection Monarch projection} of the base weight W
     * and the frozen weight becomes the residual {@code W − Δ(I)ᵀ}, so the layer's output is unchanged
     * at step 0 (the official {@code svd_init}). The projection is deterministic, so loading an adapter
     * trained this way redoes it on the original base weight before loading the trained factors.
     */
    PROJECTION("projection");

    private final String jsonName;

    MoReInit(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The name in {@code adapter_config.json} and on the command line. */
    public String jsonName() {
        return jsonName;
    }

    /** The init named {@code name} ({@code kaiming} or {@code projection}). */
    public static MoReInit parse(String name) {
        for (MoReInit init : values()) {
            if (init.jsonName.equals(name)) {
                return init;
            }
        }
        throw new IllegalArgumentException("unknown MoRe init '" + name + "'; expected one of "
                + Arrays.stream(values()).map(MoReInit::jsonName).collect(Collectors.joining(", ")));
    }
}
