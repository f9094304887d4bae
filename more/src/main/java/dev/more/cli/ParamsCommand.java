package dev.more.cli;

import dev.more.adapters.AdapterLayer;
import dev.more.adapters.Adapters;
import dev.more.adapters.Injection;
import dev.more.adapters.LoraLinear;
import dev.more.adapters.MoReLinear;
import dev.more.kernels.MoReShape;
import dev.more.nn.loader.BertConfig;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.tensor.Rng;
import dev.more.train.BaseModel;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code more params}: MoRe beside LoRA on one model: per adapted module, the parameter count and the
 * largest rank the update ΔW can have, then the totals. It reads only the model's sizes, no weights.
 */
@Command(
        name = "params",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Count parameters of MoRe and LoRA adapters on a model, per adapted module and in total, with "
                    + "the largest rank ΔW can reach: min(blocks * blk_r, in, out) for MoRe, the rank for LoRA.",
            "Reads only the model's sizes (config.json for a folder)."
        })
final class ParamsCommand implements Callable<Integer> {
    @Mixin
    ModelOption model;

    @Mixin
    AdapterFlags adapterFlags;

    @Option(
            names = "--labels",
            paramLabel = "N",
            defaultValue = "2",
            description = "Classes of the classification head (default: ${DEFAULT-VALUE}).")
    int labels;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CommandLine command = spec.commandLine();
        if (labels < 2) {
            throw new CommandLine.ParameterException(command, "--labels must be at least 2, not " + labels);
        }
        BertConfig config = BaseModel.config(model.checked(command));
        BertForSequenceClassification classifier =
                new BertForSequenceClassification(config, labels, PoolingMode.MEAN, 0f, new Rng(0));
        Injection more;
        Map<String, AdapterLayer> moreLayers;
        Injection lora;
        Map<String, AdapterLayer> loraLayers;
        try {
            more = Adapters.inject(classifier, adapterFlags.config("more", command), new Rng(1));
            moreLayers = Adapters.layers(classifier);
            Adapters.mergeAndUnload(classifier);
            lora = Adapters.inject(classifier, adapterFlags.config("lora", command), new Rng(2));
            loraLayers = Adapters.layers(classifier);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(command, e.getMessage(), e);
        }

        PrintWriter out = command.getOut();
        out.printf(
                Locale.ROOT,
                "%s: %d layers, hidden %d, FFN %d; head for %d labels; targets %s (%d Linear modules)%n",
                model.model,
                config.layers(),
                config.hidden(),
                config.intermediate(),
                labels,
                adapterFlags.targets,
                moreLayers.size());
        out.printf(
                Locale.ROOT,
                "MoRe nblocks %d, blk_r %d, blk_sz %s; LoRA rank %d, alpha %s%n%n",
                adapterFlags.nblocks,
                adapterFlags.blkR,
                adapterFlags.blkSz == null ? "auto" : adapterFlags.blkSz,
                adapterFlags.rank,
                adapterFlags.alpha);
        int width = Math.max(
                6, moreLayers.keySet().stream().mapToInt(String::length).max().orElse(0));
        String row = "%-" + width + "s %12s %12s %14s %12s %10s%n";
        out.printf(Locale.ROOT, row, "module", "out x in", "MoRe params", "MoRe max rank", "LoRA params", "LoRA rank");
        for (Map.Entry<String, AdapterLayer> e : moreLayers.entrySet()) {
            MoReLinear m = (MoReLinear) e.getValue();
            LoraLinear l = (LoraLinear) loraLayers.get(e.getKey());
            MoReShape s = m.shape();
            out.printf(
                    Locale.ROOT,
                    row,
                    e.getKey(),
                    s.out() + " x " + s.in(),
                    String.format(Locale.ROOT, "%,d", m.adapterParameterCount()),
                    maxRank(s),
                    String.format(Locale.ROOT, "%,d", l.adapterParameterCount()),
                    l.rank());
        }
        out.println();
        String total = "%-" + width + "s %12s %12s %14s %12s%n";
        out.printf(
                Locale.ROOT,
                total,
                "adapters",
                "",
                count(more.adapterParameters()),
                "",
                count(lora.adapterParameters()));
        out.printf(
                Locale.ROOT,
                total,
                "trainable (with the head)",
                "",
                count(more.trainableParameters()),
                "",
                count(lora.trainableParameters()));
        out.printf(
                Locale.ROOT,
                total,
                "all parameters",
                "",
                count(more.totalParameters()),
                "",
                count(lora.totalParameters()));
        out.printf(Locale.ROOT, total, "trainable %", "", percent(more), "", percent(lora));
        return 0;
    }

    /** The largest rank MoRe's ΔW can have: the width of its middle, unless the layer is narrower. */
    static int maxRank(MoReShape s) {
        return Math.min(s.middle(), Math.min(s.in(), s.out()));
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    private static String percent(Injection i) {
        return String.format(Locale.ROOT, "%.4f%%", 100.0 * i.trainableParameters() / i.totalParameters());
    }
}
