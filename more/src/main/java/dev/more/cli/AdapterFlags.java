package dev.more.cli;

import dev.more.adapters.AdapterConfig;
import dev.more.adapters.FullConfig;
import dev.more.adapters.HeadOnlyConfig;
import dev.more.adapters.LoraConfig;
import dev.more.adapters.MoReConfig;
import dev.more.adapters.TargetSelector;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The adapter flags shared by {@code finetune}, {@code demo} and {@code params}. */
final class AdapterFlags {
    /** The methods {@code --adapter} accepts. */
    static final List<String> METHODS = List.of("more", "lora", "head-only", "full");

    @Option(
            names = "--targets",
            paramLabel = "NAMES",
            defaultValue = "query,key,value",
            description = "Linear modules that get adapters: names matched as path suffixes (comma-separated), "
                    + "'all-linear', or 'regex:PATTERN' (default: ${DEFAULT-VALUE}).")
    String targets;

    @Option(
            names = "--nblocks",
            paramLabel = "N",
            defaultValue = "4",
            description = "MoRe: number of diagonal blocks (default: ${DEFAULT-VALUE}).")
    int nblocks;

    @Option(
            names = "--blk-r",
            paramLabel = "R",
            defaultValue = "4",
            description = "MoRe: rank of each block (default: ${DEFAULT-VALUE}).")
    int blkR;

    @Option(
            names = "--blk-sz",
            paramLabel = "N",
            description = "MoRe: input features per block; overrides --nblocks (default: in / nblocks, rounded up).")
    Integer blkSz;

    @Option(
            names = "--rank",
            paramLabel = "R",
            defaultValue = "8",
            description = "LoRA: rank (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(
            names = "--alpha",
            paramLabel = "A",
            defaultValue = "16",
            description = "LoRA: alpha; the update is scaled by alpha / rank (default: ${DEFAULT-VALUE}).")
    float alpha;

    /**
     * The methods named by a comma-separated {@code --adapter} value, each once, in order.
     *
     * @throws CommandLine.ParameterException naming an unknown method
     */
    static List<String> methods(String spec, CommandLine command) {
        List<String> methods = new ArrayList<>();
        for (String part : spec.split(",", -1)) {
            String method = part.strip();
            if (!METHODS.contains(method)) {
                throw new CommandLine.ParameterException(
                        command,
                        "unknown --adapter '" + method + "'; choose from " + String.join(", ", METHODS)
                                + " (a comma-separated list compares them)");
            }
            if (methods.contains(method)) {
                throw new CommandLine.ParameterException(command, "--adapter names '" + method + "' twice");
            }
            methods.add(method);
        }
        return methods;
    }

    /** The configuration of {@code method} from these flags; bad values are usage errors. */
    AdapterConfig config(String method, CommandLine command) {
        try {
            return switch (method) {
                case "more" ->
                    MoReConfig.defaults()
                            .withBlocks(nblocks, blkR, blkSz == null ? 0 : requirePositive(blkSz))
                            .withTargets(TargetSelector.parse(targets));
                case "lora" -> LoraConfig.defaults().withRank(rank, alpha).withTargets(TargetSelector.parse(targets));
                case "head-only" -> HeadOnlyConfig.defaults();
                case "full" -> new FullConfig();
                default -> throw new IllegalArgumentException("unknown --adapter '" + method + "'");
            };
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage(), e);
        }
    }

    private static int requirePositive(int blkSz) {
        if (blkSz < 1) {
            throw new IllegalArgumentException("--blk-sz must be at least 1, not " + blkSz);
        }
        return blkSz;
    }
}
