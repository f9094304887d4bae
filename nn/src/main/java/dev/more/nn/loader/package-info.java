/**
 * Pretrained weights for BERT-family encoders, under Hugging Face parameter names with PyTorch layout (a Linear
 * weight is (out, in)), row-major.
 *
 * <p>Two sources: {@link dev.more.nn.loader.MiniLm#load()} reads all-MiniLM-L6-v2 from the ONNX file on the
 * classpath, and {@link dev.more.nn.loader.HuggingFaceFolder#load(java.nio.file.Path)} reads a folder holding
 * {@code config.json} and {@code model.safetensors}. Both give a {@link dev.more.nn.loader.PretrainedWeights}
 * whose names and shapes have been checked against its {@link dev.more.nn.loader.BertConfig}.
 *
 * <p>The ONNX side is split in two: {@link dev.more.nn.loader.OnnxReader} walks the protobuf wire format into
 * plain records ({@link dev.more.nn.loader.OnnxGraph}, {@link dev.more.nn.loader.OnnxNode},
 * {@link dev.more.nn.loader.OnnxTensor}) and knows nothing of BERT; {@link dev.more.nn.loader.OnnxBert} maps
 * those records to parameter names.
 */
package dev.more.nn.loader;
