package dev.more.nn;

import dev.more.autograd.GradCheck;
import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gradient checks of a module's forward pass as a function of its input and of every parameter,
 * through {@link Module#functionalCall}: the parameters' values become GradCheck's inputs.
 */
public final class ModuleGradCheck {
    private ModuleGradCheck() {}

    /** Checks {@code forward(input)} with respect to {@code input} and all of {@code module}'s parameters. */
    public static GradCheck.Result check(Module module, Function<Variable, Variable> forward, Tensor input) {
        List<String> names = new ArrayList<>(module.namedParameters().keySet());
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(input);
        names.forEach(n -> inputs.add(module.parameter(n).value()));
        return GradCheck.check(
                vars -> {
                    Map<String, Variable> substitutes = new LinkedHashMap<>();
                    for (int i = 0; i < names.size(); i++) {
                        substitutes.put(names.get(i), vars[i + 1]);
                    }
                    return module.functionalCall(substitutes, () -> forward.apply(vars[0]));
                },
                inputs.toArray(Tensor[]::new));
    }

    /** Checks {@code forward.get()} (which reads no differentiable input) with respect to all parameters. */
    public static GradCheck.Result checkParameters(Module module, java.util.function.Supplier<Variable> forward) {
        return check(module, ignored -> forward.get(), Tensor.scalar(0f));
    }
}
