package dev.more.adapters;

import java.util.List;
import java.util.Objects;

/**
 * MoRe adapters (see {@link MoReLinear}).
 *
 * @param nblocks number of diagonal blocks (ignored when {@code blkSz > 0})
 * @param blkR rank of each block ({@code blk_r})
 * @param blkSz input features per block, or 0 to derive it from {@code nblocks} ({@code blk_sz = None})
 * @param scaler the optional output scaler
 * @param dropout dropout probability on the adapter's output, in [0, 1)
 * @param init how the factors start
 * @param targets which Linear modules to adapt
 * @param trainableModules modules trained in full besides the adapters
 */
public record MoReConfig(
        int nblocks,
        int blkR,
        int blkSz,
        ScalerKind scaler,
        float dropout,
        MoReInit init,
        TargetSelector targets,
        List<String> trainableModules)
        implements AdapterConfig {
    /** The type name in {@code adapter_config.json}. */
    public static final String TYPE = "more";

    /** Checks the values. */
    public MoReConfig {
        if (blkR < 1 || blkSz < 0 || (blkSz == 0 && nblocks < 1)) {
            throw new IllegalArgumentException("MoRe needs blk_r >= 1 and nblocks >= 1 (or blk_sz >= 1); got nblocks="
                    + nblocks + " blk_r=" + blkR + " blk_sz=" + blkSz);
        }
        Objects.requireNonNull(scaler, "scaler");
        AdapterConfig.checkDropout(dropout);
        Objects.requireNonNull(init, "init");
        Objects.requireNonNull(targets, "targets");
        trainableModules = AdapterConfig.checkTrainable(trainableModules);
        if (init == MoReInit.PROJECTION && scaler != ScalerKind.NONE) {
            throw new IllegalArgumentException("MoRe init 'projection' starts the adapter at the projection of the "
                    + "weight; a zero-initialised scaler would cancel it, so use scaler 'none'");
        }
    }

    /** The defaults: nblocks 4, blk_r 4, no scaler, no dropout, Kaiming init, query/key/value, head trainable. */
    public static MoReConfig defaults() {
        return new MoReConfig(
                4,
                4,
                0,
                ScalerKind.NONE,
                0f,
                MoReInit.KAIMING,
                new TargetSelector.Suffixes(List.of("query", "key", "value")),
                DEFAULT_TRAINABLE);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** This configuration with other block sizes. */
    public MoReConfig withBlocks(int nblocks, int blkR, int blkSz) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }

    /** This configuration with another scaler. */
    public MoReConfig withScaler(ScalerKind scaler) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }

    /** This configuration with another dropout. */
    public MoReConfig withDropout(float dropout) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }

    /** This configuration with another init. */
    public MoReConfig withInit(MoReInit init) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }

    /** This configuration with other targets. */
    public MoReConfig withTargets(TargetSelector targets) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }

    /** This configuration with other trainable modules. */
    public MoReConfig withTrainableModules(List<String> trainableModules) {
        return new MoReConfig(nblocks, blkR, blkSz, scaler, dropout, init, targets, trainableModules);
    }
}
