package dev.more.adapters;

import dev.more.autograd.Variable;
import dev.more.nn.Parameter;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A frozen {@link Linear} with a LoRA adapter, as PEFT's {@code lora.Linear}:
 * {@code y = base(x) + scaling · B(A(dropout(x)))} with A (r, in), B (out, r) and
 * {@code scaling = alpha / r} (or {@code alpha / sqrt(r)} with rsLoRA). Parameters under the adapted
 * module's path: {@code weight} and {@code bias} (the base layer's, frozen), {@code lora_A.weight} and
 * {@code lora_B.weight}. A starts Kaiming-uniform (PEFT's default, U(±1/sqrt(in))) or N(0, 1/r²)
 * ("gaussian"); B starts at zero, so the update is 0 at step 0.
 */
public final class LoraLinear extends AdaptedLinear {
    private final Linear loraA;
    private final Linear loraB;
    private final int r;
    private final float scaling;

    /**
     * Wraps {@code base} with a fresh adapter.
     *
     * @param r rank
     * @param scaling the factor on the update ({@link LoraConfig#scaling()})
     * @param dropout dropout probability on the adapter's input, in [0, 1)
     * @param init how A starts
     * @param rng the source of the init and of the dropout masks
     */
    public LoraLinear(Linear base, int r, float scaling, float dropout, LoraInit init, Rng rng) {
        super(base);
        if (r < 1) {
            throw new IllegalArgumentException("LoraLinear: rank must be >= 1, got " + r);
        }
        if (!Float.isFinite(scaling)) {
            throw new IllegalArgumentException("LoraLinear: scaling must be finite, got " + scaling);
        }
        this.r = r;
        this.scaling = scaling;
        addModule("lora_dropout", new Dropout(AdapterConfig.checkDropout(dropout), rng.split()));
        // Linear's own init is PyTorch's kaiming_uniform_(a = sqrt(5)): U(±1/sqrt(in)), PEFT's default for A.
        this.loraA = addModule("lora_A", new Linear(base().inFeatures(), r, false, rng));
        if (init == LoraInit.GAUSSIAN) {
            loraA.weight().setValue(Tensor.randn(rng, r, base().inFeatures()).mul(1f / r));
        }
        this.loraB = addModule("lora_B", new Linear(r, base().outFeatures(), false, rng));
        loraB.weight().setValue(Tensor.zeros(base().outFeatures(), r));
    }

    /** Wraps {@code base} as {@code config} says. */
    public static LoraLinear of(Linear base, LoraConfig config, Rng rng) {
        return new LoraLinear(base, config.r(), config.scaling(), config.dropout(), config.init(), rng);
    }

    @Override
    public Variable forward(Variable input) {
        Variable y = base().forward(input);
        if (isMerged()) {
            return y;
        }
        Variable update = loraB.forward(loraA.forward(forwardChild("lora_dropout", input)));
        return y.add(update.mul(scaling));
    }

    /** {@code scaling · B·A}, shape (out, in). */
    @Override
    public Tensor deltaWeight() {
        return loraB.weight().value().matmul(loraA.weight().value()).mul(scaling);
    }

    @Override
    public Map<String, Parameter> adapterParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        out.put("lora_A.weight", loraA.weight());
        out.put("lora_B.weight", loraB.weight());
        return out;
    }

    /** A, (r, in). */
    public Parameter loraA() {
        return loraA.weight();
    }

    /** B, (out, r). */
    public Parameter loraB() {
        return loraB.weight();
    }

    /** The rank. */
    public int rank() {
        return r;
    }

    /** The factor on {@code B·A·x}. */
    public float scaling() {
        return scaling;
    }

    @Override
    String describe() {
        return "LoraLinear(" + base().inFeatures() + " -> " + base().outFeatures() + ", r=" + r + ")";
    }
}
