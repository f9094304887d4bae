package dev.more.nn.optim;

import dev.more.autograd.Variable;
import dev.more.tensor.Device;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gradient clipping by the global L2 norm, as {@code torch.nn.utils.clip_grad_norm_}. */
public final class GradientClipping {
    private GradientClipping() {}

    /**
     * Scales every gradient by {@code maxNorm / (total + 1e-6)} when that factor is below 1, where
     * {@code total} is the L2 norm of all gradients taken together; parameters without a gradient are
     * skipped. As in PyTorch (without {@code error_if_nonfinite}), a NaN total turns every gradient
     * into NaN and an infinite one zeroes them: check the returned norm to skip such a step.
     *
     * @param parameters the parameters whose gradients are clipped together
     * @param maxNorm the largest total norm allowed, > 0
     * @return the total norm before clipping, as float32 like PyTorch's (0 when no gradient exists)
     * @throws IllegalArgumentException if {@code maxNorm} is not a positive finite number
     */
    public static float clipByGlobalNorm(Collection<Variable> parameters, double maxNorm) {
        if (!(maxNorm > 0 && Double.isFinite(maxNorm))) {
            throw new IllegalArgumentException("clipByGlobalNorm: max norm must be finite and > 0, not " + maxNorm);
        }
        List<Variable> withGrad = new ArrayList<>();
        List<Tensor> onDevices = new ArrayList<>();
        double sumOfSquaredNorms = 0;
        for (Variable p : parameters) {
            Tensor grad = p.grad();
            if (grad != null) {
                withGrad.add(p);
                if (grad.device().kind() != Device.Kind.CPU) {
                    onDevices.add(grad.mul(grad).sum());
                    continue;
                }
                // PyTorch takes each gradient's norm as a float32 value, then the norm of those norms.
                float norm = (float) Math.sqrt(sumOfSquares(grad));
                sumOfSquaredNorms += (double) norm * norm;
            }
        }
        // A device sums each gradient's squares where it lives (in float) and sends them in one transfer.
        for (float squares : deviceSums(onDevices)) {
            float norm = (float) Math.sqrt(squares);
            sumOfSquaredNorms += (double) norm * norm;
        }
        float total = (float) Math.sqrt(sumOfSquaredNorms);
        // max_norm / tensor is tensor.reciprocal() * max_norm in PyTorch, all in float32.
        float coefficient = (1f / (total + 1e-6f)) * (float) maxNorm;
        if (!(coefficient >= 1f)) {
            for (Variable p : withGrad) {
                p.setGrad(p.grad().mul(coefficient));
            }
        }
        return total;
    }

    /** The values of rank-0 device tensors, one transfer per device. */
    private static List<Float> deviceSums(List<Tensor> sums) {
        Map<Device, List<Tensor>> byDevice = new LinkedHashMap<>();
        for (Tensor t : sums) {
            byDevice.computeIfAbsent(t.device(), d -> new ArrayList<>()).add(t);
        }
        List<Float> values = new ArrayList<>();
        for (List<Tensor> group : byDevice.values()) {
            for (float v : Tensor.stack(0, group.toArray(Tensor[]::new)).toArray()) {
                values.add(v);
            }
        }
        return values;
    }

    private static double sumOfSquares(Tensor t) {
        double sum = 0;
        for (float x : t.toArray()) {
            sum += (double) x * x;
        }
        return sum;
    }
}
