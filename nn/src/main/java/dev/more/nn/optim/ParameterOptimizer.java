package dev.more.nn.optim;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every optimizer here shares: the parameter list, the learning rate, the step count, and
 * per-parameter state tensors in named slots with their export, import and checks. A subclass says
 * which slots it keeps and how one parameter is updated.
 */
abstract sealed class ParameterOptimizer implements Optimizer permits Sgd, AdamW {
    private static final Pattern STATE_NAME = Pattern.compile("(\\d+)\\.(\\w+)");

    /**
     * A per-parameter state slot.
     *
     * @param name PyTorch's state key
     * @param isCount true for a rank-0 step count (a whole number >= 1), false for a tensor of the
     *     parameter's shape
     */
    record Slot(String name, boolean isCount) {}

    private final String kind;
    private final List<Variable> parameters;
    private final List<Slot> slots;
    private final List<Map<String, Tensor>> state;
    private double learningRate;
    private long stepCount;

    ParameterOptimizer(String kind, List<Variable> parameters, double learningRate, List<Slot> slots) {
        this.kind = kind;
        this.parameters = checkedParameters(kind, parameters);
        this.slots = List.copyOf(slots);
        this.state = new ArrayList<>();
        for (int i = 0; i < this.parameters.size(); i++) {
            state.add(new LinkedHashMap<>());
        }
        setLearningRate(learningRate);
    }

    private static List<Variable> checkedParameters(String kind, List<Variable> parameters) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(kind + ": the parameter list is empty");
        }
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (p == null) {
                throw new IllegalArgumentException(kind + ": parameter " + i + " is null");
            }
            if (!p.isLeaf()) {
                throw new IllegalArgumentException(kind + ": parameter " + i + " is the result of an op, not a leaf");
            }
            if (!seen.add(p)) {
                throw new IllegalArgumentException(kind + ": parameter " + i + " appears twice in the list");
            }
        }
        return List.copyOf(parameters);
    }

    /**
     * Updates parameter {@code index} from its gradient at learning rate {@code learningRate}, reading
     * and writing its slots through {@link #slot} and {@link #setSlot}.
     */
    abstract void update(int index, Variable parameter, Tensor grad, double learningRate);

    /** Slot {@code name} of parameter {@code index}, or null before it is first set. */
    final Tensor slot(int index, String name) {
        return state.get(index).get(name);
    }

    final void setSlot(int index, String name, Tensor value) {
        state.get(index).put(name, value);
    }

    @Override
    public final List<Variable> parameters() {
        return parameters;
    }

    @Override
    public final void step() {
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            Tensor grad = p.grad();
            if (grad != null) {
                update(i, p, grad, learningRate);
            }
        }
        stepCount++;
    }

    @Override
    public final double learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(double learningRate) {
        if (!(learningRate >= 0 && Double.isFinite(learningRate))) {
            throw new IllegalArgumentException(kind + ": learning rate must be finite and >= 0, not " + learningRate);
        }
        this.learningRate = learningRate;
    }

    @Override
    public final long stepCount() {
        return stepCount;
    }

    @Override
    public final OptimizerState exportState() {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (int i = 0; i < state.size(); i++) {
            for (Slot s : slots) {
                Tensor t = state.get(i).get(s.name());
                if (t != null) {
                    tensors.put(i + "." + s.name(), t);
                }
            }
        }
        return new OptimizerState(stepCount, tensors);
    }

    @Override
    public final void importState(OptimizerState imported) {
        List<Map<String, Tensor>> loaded = new ArrayList<>();
        for (int i = 0; i < parameters.size(); i++) {
            loaded.add(new LinkedHashMap<>());
        }
        for (Map.Entry<String, Tensor> e : imported.tensors().entrySet()) {
            String name = e.getKey();
            Matcher m = STATE_NAME.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException(kind + " state: '" + name + "' is not <parameter index>.<slot>");
            }
            int index = parseIndex(name, m.group(1));
            Slot slot = findSlot(name, m.group(2));
            checkValue(name, slot, parameters.get(index), e.getValue(), imported.stepCount());
            // A checkpoint is read onto the CPU; the state lives where its parameter does.
            loaded.get(index)
                    .put(
                            slot.name(),
                            e.getValue().to(parameters.get(index).value().device()));
        }
        for (int i = 0; i < loaded.size(); i++) {
            Map<String, Tensor> slotsOfParameter = loaded.get(i);
            for (Slot s : slots) {
                if (!slotsOfParameter.isEmpty() && !slotsOfParameter.containsKey(s.name())) {
                    throw new IllegalArgumentException(kind + " state: parameter " + i + " has "
                            + slotsOfParameter.keySet() + " but lacks '" + i + "." + s.name() + "'");
                }
            }
        }
        for (int i = 0; i < loaded.size(); i++) {
            state.set(i, loaded.get(i));
        }
        stepCount = imported.stepCount();
    }

    private int parseIndex(String name, String digits) {
        int index;
        try {
            index = Integer.parseInt(digits);
        } catch (NumberFormatException tooLong) {
            index = Integer.MAX_VALUE;
        }
        if (index >= parameters.size()) {
            throw new IllegalArgumentException(
                    kind + " state: '" + name + "' names parameter " + digits + ", but there are " + parameters.size());
        }
        return index;
    }

    private Slot findSlot(String name, String slotName) {
        for (Slot s : slots) {
            if (s.name().equals(slotName)) {
                return s;
            }
        }
        throw new IllegalArgumentException(kind + " state: '" + name + "' has an unknown slot; " + kind + " keeps "
                + slots.stream().map(Slot::name).toList());
    }

    private void checkValue(String name, Slot slot, Variable parameter, Tensor value, long stepCount) {
        int[] expected = slot.isCount() ? new int[0] : parameter.shape();
        if (!Arrays.equals(value.shape(), expected)) {
            throw new IllegalArgumentException(kind + " state: '" + name + "' has shape "
                    + Arrays.toString(value.shape()) + " but needs " + Arrays.toString(expected));
        }
        if (slot.isCount()) {
            float count = value.item();
            if (!(count >= 1 && count == Math.rint(count) && count <= stepCount)) {
                throw new IllegalArgumentException(kind + " state: '" + name + "' is " + count
                        + ", not a whole number in [1, step count " + stepCount + "]");
            }
        }
    }
}
