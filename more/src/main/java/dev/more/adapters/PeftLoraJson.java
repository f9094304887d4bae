package dev.more.adapters;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads the LoRA fields of a PEFT {@code adapter_config.json}, refusing the variants this project does not implement. */
final class PeftLoraJson {
    private PeftLoraJson() {}

    static LoraConfig read(AdapterConfigFile.JsonFields f) throws AdapterFileException {
        String source = f.source();
        String peftType = f.text("peft_type");
        if (!peftType.equals("LORA")) {
            throw new AdapterFileException(source + ": peft_type \"" + peftType + "\" is not supported; only LORA is");
        }
        String bias = f.optionalText("bias", "none");
        if (!bias.equals("none")) {
            throw new AdapterFileException(source + ": bias \"" + bias + "\" is not supported; only \"none\" is");
        }
        refuse(f, "fan_in_fan_out", "fan_in_fan_out (Conv1D weights)");
        refuse(f, "use_dora", "DoRA (use_dora)");
        for (String key : new String[] {"rank_pattern", "alpha_pattern"}) {
            JsonNode v = f.root().get(key);
            if (v != null && !v.isNull() && !(v.isObject() && v.isEmpty())) {
                throw new AdapterFileException(source + ": per-module \"" + key + "\" is not supported; got " + v);
            }
        }
        if (f.isSet("layers_to_transform")) {
            throw new AdapterFileException(source + ": \"layers_to_transform\" is not supported; got "
                    + f.root().get("layers_to_transform"));
        }
        int r = f.integer("r");
        float alpha = f.isSet("lora_alpha") ? f.number("lora_alpha") : 8f;
        LoraInit init = LoraInit.KAIMING;
        JsonNode initNode = f.root().get("init_lora_weights");
        if (initNode != null && !initNode.isNull() && !initNode.isBoolean()) {
            if (!initNode.isTextual() || !initNode.textValue().equals("gaussian")) {
                throw new AdapterFileException(source + ": init_lora_weights " + initNode + " is not supported; "
                        + "expected true, false or \"gaussian\" (other schemes change the base weights)");
            }
            init = LoraInit.GAUSSIAN;
        }
        return new LoraConfig(
                r,
                alpha,
                f.optionalNumber("lora_dropout", 0f),
                f.bool("use_rslora", false),
                init,
                f.targets("target_modules"),
                f.optionalTextList("modules_to_save"));
    }

    private static void refuse(AdapterConfigFile.JsonFields f, String key, String what) throws AdapterFileException {
        if (f.bool(key, false)) {
            throw new AdapterFileException(f.source() + ": " + what + " is not supported");
        }
    }
}
