package dev.more.explain;

import dev.more.adapters.MonarchProjection;
import dev.more.adapters.Svd;
import dev.more.autograd.Variable;
import dev.more.kernels.MoReShape;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.nn.optim.LrSchedule;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The expressiveness experiment: fit each target matrix with MoRe factors and with LoRA factors of the same
 * parameter count by gradient descent (AdamW on the autograd engine, mean squared error over the entries), and
 * report the relative Frobenius residual beside the best the structure allows (the Monarch projection for MoRe,
 * the truncated SVD for LoRA), which says whether gradient descent found it.
 */
public final class FitExperiment {
    private FitExperiment() {}

    /**
     * The budget.
     *
     * @param steps AdamW steps per fit
     * @param learningRate the peak learning rate (cosine decay to zero over the steps)
     * @param nblocks MoRe's nblocks
     * @param blkRs the MoRe blk_r values; LoRA gets the rank with the same parameter count for each
     * @param seed the seed of the factors' init
     */
    public record Options(int steps, double learningRate, int nblocks, int[] blkRs, long seed) {
        /** Checks the values. */
        public Options {
            if (steps < 1) {
                throw new IllegalArgumentException("fit steps must be at least 1, not " + steps);
            }
            if (!(learningRate > 0 && Double.isFinite(learningRate))) {
                throw new IllegalArgumentException("fit learning rate must be positive, not " + learningRate);
            }
            if (nblocks < 1 || blkRs.length == 0) {
                throw new IllegalArgumentException("fit needs nblocks >= 1 and at least one blk_r");
            }
            for (int r : blkRs) {
                if (r < 1) {
                    throw new IllegalArgumentException("blk_r must be at least 1, not " + r);
                }
            }
            blkRs = blkRs.clone();
        }

        /** The blk_r values (a copy). */
        @Override
        public int[] blkRs() {
            return blkRs.clone();
        }
    }

    /**
     * One fit.
     *
     * @param target the target's name
     * @param method {@code "MoRe"} or {@code "LoRA"}
     * @param nblocks MoRe's nblocks (1 for LoRA)
     * @param rank blk_r for MoRe, r for LoRA
     * @param parameters trainable parameters
     * @param fitError the relative Frobenius residual after gradient descent
     * @param bestError the smallest residual the factors can reach (projection or truncated SVD)
     */
    public record Fit(
            String target, String method, int nblocks, int rank, long parameters, double fitError, double bestError) {}

    /**
     * The experiment's targets: three synthetic {@code size × size} matrices drawn from {@code seed} (rank size/8
     * plus 10% noise; {@code nblocks} diagonal blocks plus 1% noise; a Monarch matrix of {@code nblocks} blocks of
     * rank {@code nblocks}), then {@code real}.
     *
     * @throws IllegalArgumentException if {@code nblocks} does not divide {@code size}
     */
    public static List<TargetMatrix> targets(int size, int nblocks, long seed, TargetMatrix real) {
        Rng rng = new Rng(seed + 10);
        return List.of(
                TargetMatrix.lowRankPlusNoise(size, Math.max(1, size / 8), 0.1, rng),
                TargetMatrix.blockDiagonal(size, nblocks, 0.01, rng),
                TargetMatrix.monarch(size, nblocks, nblocks, rng),
                real);
    }

    /** Fits every target with MoRe and LoRA at each blk_r; {@code progress} hears each finished fit. */
    public static List<Fit> run(List<TargetMatrix> targets, Options options, Consumer<Fit> progress) {
        List<Fit> fits = new ArrayList<>();
        for (TargetMatrix target : targets) {
            double[] singularValues = Svd.of(ProjectionSweep.toDouble(target.values()), target.out(), target.in())
                    .s();
            for (int r : options.blkRs()) {
                MoReShape shape = MoReShape.of(target.in(), target.out(), options.nblocks(), r, 0);
                Fit more = fitMoRe(target, shape, options);
                progress.accept(more);
                fits.add(more);
                int rank = (int) Math.max(1, shape.parameters() / (target.in() + target.out()));
                Fit lora = fitLora(target, rank, singularValues, options);
                progress.accept(lora);
                fits.add(lora);
            }
        }
        return fits;
    }

    /** MoRe factors fitted to {@code target}: ΔWᵀ = Δ(I), from the adapter's own init (blkdiag2 zero). */
    static Fit fitMoRe(TargetMatrix target, MoReShape shape, Options options) {
        Rng rng = new Rng(options.seed());
        float bound = (float) (1 / Math.sqrt(shape.inBlk()));
        Variable w1 =
                Variable.parameter(Tensor.uniform(rng, -bound, bound, shape.blocks(), shape.blkR(), shape.inBlk()));
        Variable w2 = Variable.parameter(Tensor.zeros(shape.blocks(), shape.outBlk(), shape.blkR()));
        Variable eye = Variable.constant(identity(target.in()));
        descend(target, List.of(w1, w2), () -> eye.more(w1, w2, shape), options);
        double[] fitted =
                MonarchProjection.dense(shape, w1.value().toArray(), w2.value().toArray());
        double best = MonarchProjection.project(target.values(), target.out(), target.in(), shape)
                .relativeError();
        return new Fit(
                target.name(),
                "MoRe",
                options.nblocks(),
                shape.blkR(),
                shape.parameters(),
                relativeError(target, fitted),
                best);
    }

    /** LoRA factors B (out, r) and A (r, in) fitted to {@code target}: ΔWᵀ = Aᵀ·Bᵀ, from PEFT's init (B zero). */
    static Fit fitLora(TargetMatrix target, int rank, double[] singularValues, Options options) {
        Rng rng = new Rng(options.seed());
        float bound = (float) (1 / Math.sqrt(target.in()));
        Variable a = Variable.parameter(Tensor.uniform(rng, -bound, bound, rank, target.in()));
        Variable b = Variable.parameter(Tensor.zeros(target.out(), rank));
        descend(target, List.of(a, b), () -> a.transpose(0, 1).matmul(b.transpose(0, 1)), options);
        double[] fitted = DenseMatrix.ofFloats(target.out(), rank, b.value().toArray())
                .times(DenseMatrix.ofFloats(rank, target.in(), a.value().toArray()))
                .values();
        return new Fit(
                target.name(),
                "LoRA",
                1,
                rank,
                (long) rank * (target.in() + target.out()),
                relativeError(target, fitted),
                ProjectionSweep.truncationError(singularValues, rank));
    }

    private interface Model {
        /** The fitted ΔWᵀ, (in, out). */
        Variable transposedDelta();
    }

    private static void descend(TargetMatrix target, List<Variable> parameters, Model model, Options options) {
        Tensor transposedTarget = Tensor.fromArray(target.values(), target.out(), target.in())
                .transpose(0, 1)
                .contiguous();
        Variable goal = Variable.constant(transposedTarget);
        AdamW optimizer = new AdamW(parameters, new AdamWOptions(options.learningRate(), 0.9, 0.999, 1e-8, 0));
        LrSchedule schedule = LrSchedule.cosineWithWarmup(0, options.steps());
        for (int step = 0; step < options.steps(); step++) {
            schedule.apply(optimizer, options.learningRate(), step);
            Variable diff = model.transposedDelta().sub(goal);
            Variable loss = diff.mul(diff).mean();
            optimizer.zeroGrad();
            loss.backward();
            optimizer.step();
        }
    }

    private static double relativeError(TargetMatrix target, double[] fitted) {
        float[] t = target.values();
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < t.length; i++) {
            double d = t[i] - fitted[i];
            diff += d * d;
            norm += (double) t[i] * t[i];
        }
        return Math.sqrt(diff / norm);
    }

    private static Tensor identity(int n) {
        float[] eye = new float[n * n];
        for (int i = 0; i < n; i++) {
            eye[i * n + i] = 1;
        }
        return Tensor.fromArray(eye, n, n);
    }
}
