package dev.more.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.more.adapters.Adapters;
import dev.more.adapters.MoReConfig;
import dev.more.autograd.Variable;
import dev.more.kernels.opencl.ClPlatforms;
import dev.more.nn.loss.CrossEntropyLoss;
import dev.more.nn.models.BertForSequenceClassification;
import dev.more.nn.models.PoolingMode;
import dev.more.nn.optim.AdamW;
import dev.more.nn.optim.AdamWOptions;
import dev.more.nn.optim.GradientClipping;
import dev.more.tensor.Device;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import dev.more.train.BaseModel;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * MiniLM + MoRe training steps (forward, cross-entropy, backward, clipping, AdamW) with every tensor on
 * the OpenCL device, against the same steps on the CPU from the same seeds (so the same dropout
 * masks). Step 1 starts from blkdiag2 = 0, where blkdiag1 gets no gradient; step 2 starts from the
 * CPU's updated factors (copied to the device, so both steps are compared at the same point), where
 * every adapter weight has one.
 *
 * <p>Tolerance: the device's sums run in another order and its exp/erf are OpenCL's, so each op
 * differs from the CPU's by a few ulp of its operands, and six layers of attention and GELU carry
 * such differences to the gradients. A gradient tensor g is compared as a whole,
 * {@code max|g_cl - g_cpu| <= 1e-3 * max|g_cpu|}, and the loss to 1e-5 relative. An indexing or
 * layout error moves values by their own size, far beyond either bound. AdamW's first step moves each
 * weight by about {@code lr * sign(g)}, so an element whose gradient is within the gradient bound of
 * zero may move either way; the updated weights are compared where {@code |g| >= 1e-2 * max|g|}
 * (ten times the bound, so the sign is the same), to {@code 1e-2 * lr}.
 */
class OpenClTrainingStepTest {
    private static final int[][] IDS = {
        {101, 7592, 2088, 2003, 1037, 2204, 3185, 102, 0, 0, 0, 0},
        {101, 1996, 4825, 2001, 6659, 1998, 1996, 2833, 2001, 3147, 102, 0},
        {101, 2023, 2003, 1996, 2190, 2154, 102, 0, 0, 0, 0, 0},
        {101, 1045, 2123, 1005, 1056, 2066, 2009, 2012, 2035, 1012, 2200, 102},
    };
    private static final int[] LABELS = {1, 0, 1, 0};

    private static final double LEARNING_RATE = 1e-2;

    private record StepResult(float loss, Map<String, Tensor> grads, Map<String, Tensor> values) {}

    @Test
    void twoStepsOnTheDeviceEqualTheCpuSteps() throws IOException {
        Assumptions.assumeTrue(ClPlatforms.skipReason() == null, ClPlatforms::skipReason);
        Device cl = new Device(Device.Kind.OPENCL, Integer.getInteger("more.opencl.device", 0));
        BaseModel base = BaseModel.load(BaseModel.MINILM);
        Trained cpu = new Trained(base, Device.CPU);
        Trained device = new Trained(base, cl);
        for (int step = 1; step <= 2; step++) {
            StepResult e = cpu.step();
            StepResult a = device.step();
            assertThat((double) a.loss())
                    .as("loss at step " + step)
                    .isCloseTo(e.loss(), org.assertj.core.data.Offset.offset(1e-5 * Math.abs(e.loss())));
            assertThat(a.grads().keySet()).isEqualTo(e.grads().keySet());
            for (String name : e.grads().keySet()) {
                assertClose(
                        "gradient of " + name + " at step " + step,
                        e.grads().get(name),
                        a.grads().get(name));
                assertUpdatedClose(
                        name + " after step " + step,
                        e.grads().get(name),
                        e.values().get(name),
                        a.values().get(name));
            }
            if (step == 2) {
                assertThat(maxAbs(e.grads()
                                .get("bert.encoder.layer.0.attention.self.query.blkdiag1")
                                .toArray()))
                        .as("step 2 has a blkdiag1 gradient")
                        .isPositive();
            }
            device.setValues(e.values());
        }
    }

    /** A model on one device with its optimizer, stepping on the fixed batch. */
    private static final class Trained {
        private final BertForSequenceClassification model;
        private final List<Variable> parameters;
        private final AdamW optimizer;
        private final Device device;

        Trained(BaseModel base, Device device) {
            Rng rng = new Rng(2024);
            this.device = device;
            model = base.classifier(2, PoolingMode.MEAN, 0.1f, rng.split());
            Adapters.inject(model, MoReConfig.defaults(), rng.split());
            model.to(device);
            model.train(true);
            parameters = model.trainableParameters();
            optimizer = new AdamW(
                    parameters,
                    AdamWOptions.defaults().withLearningRate(LEARNING_RATE).withWeightDecay(0.01));
        }

        void setValues(Map<String, Tensor> values) {
            values.forEach((name, v) -> model.namedParameters().get(name).setValue(v.to(device)));
        }

        StepResult step() {
            int[][] mask = new int[IDS.length][IDS[0].length];
            for (int b = 0; b < IDS.length; b++) {
                for (int j = 0; j < IDS[b].length; j++) {
                    mask[b][j] = IDS[b][j] == 0 ? 0 : 1;
                }
            }
            Variable loss = CrossEntropyLoss.standard().compute(model.forward(IDS, mask, null), LABELS);
            loss.backward();
            Map<String, Tensor> grads = new java.util.TreeMap<>();
            model.namedParameters().forEach((name, p) -> {
                if (p.trainable()) {
                    assertThat(p.value().device()).as(name).isEqualTo(device);
                    grads.put(name, p.grad());
                }
            });
            GradientClipping.clipByGlobalNorm(parameters, 1.0);
            optimizer.step();
            optimizer.zeroGrad();
            Map<String, Tensor> values = new java.util.TreeMap<>();
            model.namedParameters().forEach((name, p) -> {
                if (p.trainable()) {
                    values.put(name, p.value());
                }
            });
            return new StepResult(loss.value().item(), grads, values);
        }
    }

    private static void assertClose(String what, Tensor expected, Tensor actual) {
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        double worst = 0;
        for (int i = 0; i < e.length; i++) {
            worst = Math.max(worst, Math.abs((double) e[i] - a[i]));
        }
        assertThat(worst).as(what + " (max |cpu| " + maxAbs(e) + ")").isLessThanOrEqualTo(1e-3 * maxAbs(e));
    }

    private static void assertUpdatedClose(String what, Tensor grad, Tensor expected, Tensor actual) {
        float[] g = grad.toArray();
        float[] e = expected.toArray();
        float[] a = actual.toArray();
        double threshold = 1e-2 * maxAbs(g);
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(g[i]) >= threshold) {
                assertThat(Math.abs((double) e[i] - a[i]))
                        .as(what + " at " + i)
                        .isLessThanOrEqualTo(1e-2 * LEARNING_RATE);
            }
        }
    }

    private static double maxAbs(float[] x) {
        double m = 0;
        for (float v : x) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
