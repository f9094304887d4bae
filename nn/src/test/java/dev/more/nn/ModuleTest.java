package dev.more.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.autograd.Variable;
import dev.more.nn.layers.Dropout;
import dev.more.nn.layers.Gelu;
import dev.more.nn.layers.LayerNorm;
import dev.more.nn.layers.Linear;
import dev.more.tensor.Rng;
import dev.more.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleTest {
    /** scale * norm(proj(x)), then the stack's layers in turn. */
    static final class Toy extends Module implements UnaryModule {
        private final Parameter scale;
        private final ModuleList<Linear> stack;

        Toy(Rng rng) {
            this.scale = addParameter("scale", Tensor.full(2f, 3));
            addModule("proj", new Linear(2, 3, true, rng));
            addModule("norm", new LayerNorm(3, 1e-5f));
            this.stack = addModule("stack", new ModuleList<>());
            stack.add(new Linear(3, 3, true, rng));
            stack.add(new Linear(3, 3, false, rng));
            addModule("drop", new Dropout(0.5f, rng.split()));
        }

        @Override
        public Variable forward(Variable x) {
            Variable h = forwardChild("norm", forwardChild("proj", x)).mul(scale.variable());
            for (Linear layer : stack) {
                h = layer.forward(h);
            }
            return h;
        }
    }

    private static Toy toy() {
        return new Toy(new Rng(1));
    }

    @Test
    void namesAreDottedPathsOwnParametersFirstInRegistrationOrder() {
        assertThat(toy().namedParameters().keySet())
                .containsExactly(
                        "scale",
                        "proj.weight",
                        "proj.bias",
                        "norm.weight",
                        "norm.bias",
                        "stack.0.weight",
                        "stack.0.bias",
                        "stack.1.weight");
        assertThat(toy().namedModules().keySet())
                .containsExactly("proj", "norm", "stack", "stack.0", "stack.1", "drop");
        assertThat(toy().children().keySet()).containsExactly("proj", "norm", "stack", "drop");
    }

    @Test
    void countsParametersTotalAndTrainable() {
        Toy toy = toy();
        long total = 3 + (2 * 3 + 3) + (3 + 3) + (3 * 3 + 3) + 3 * 3;
        assertThat(toy.parameterCount()).isEqualTo(total);
        assertThat(toy.trainableParameterCount()).isEqualTo(total);
        toy.module("stack").requiresGrad(false);
        assertThat(toy.trainableParameterCount()).isEqualTo(total - (3 * 3 + 3) - 3 * 3);
        assertThat(toy.trainableParameters()).hasSize(5);
        assertThat(toy.parameters()).hasSize(8);
    }

    @Test
    void rejectsBadAndDuplicateNames() {
        class Bad extends Module {
            void add(String name) {
                addParameter(name, Tensor.zeros(1));
            }
        }
        Bad bad = new Bad();
        bad.add("w");
        assertThatThrownBy(() -> bad.add("w")).hasMessageContaining("'w' is already taken");
        assertThatThrownBy(() -> bad.add("a.b")).hasMessageContaining("contain no '.'");
        assertThatThrownBy(() -> bad.add("")).hasMessageContaining("non-empty");
    }

    @Test
    void looksUpModulesAndParametersByPath() {
        Toy toy = toy();
        assertThat(toy.module("stack.1")).isSameAs(toy.stack.get(1));
        assertThat(toy.parameter("stack.0.bias")).isSameAs(toy.stack.get(0).bias());
        assertThatThrownBy(() -> toy.module("stack.7.x"))
                .hasMessage("no module 'stack.7.x': 'stack.7' does not exist; 'stack' has children [0, 1]");
        assertThatThrownBy(() -> toy.parameter("stack.1.bias")).hasMessageContaining("no parameter 'stack.1.bias'");
    }

    @Test
    void trainAndEvalReachTheWholeTree() {
        Toy toy = toy();
        assertThat(toy.module("drop").isTraining()).isTrue();
        toy.eval();
        assertThat(toy.isTraining()).isFalse();
        assertThat(toy.namedModules().values()).allMatch(m -> !m.isTraining());
        toy.module("stack").train(true);
        assertThat(toy.module("stack.0").isTraining()).isTrue();
        assertThat(toy.module("proj").isTraining()).isFalse();
    }

    @Test
    void frozenParametersReceiveNoGradientAndOthersDo() {
        Toy toy = toy();
        toy.module("proj").requiresGrad(false);
        toy.forward(Variable.constant(Tensor.fromArray(new float[] {1, -2, 0.5f, 3}, 2, 2)))
                .sum()
                .backward();
        assertThat(toy.parameter("proj.weight").grad()).isNull();
        assertThat(toy.parameter("proj.bias").grad()).isNull();
        assertThat(toy.parameter("norm.weight").grad()).isNotNull();
        assertThat(toy.parameter("scale").grad()).isNotNull();
        assertThat(toy.parameter("proj.weight").trainable()).isFalse();
    }

    @Test
    void freezingDropsAGradientAlreadyAccumulated() {
        Toy toy = toy();
        toy.forward(Variable.constant(Tensor.ones(1, 2))).sum().backward();
        assertThat(toy.parameter("scale").grad()).isNotNull();
        toy.requiresGrad(false);
        assertThat(toy.parameter("scale").grad()).isNull();
    }

    @Test
    void anOptimizersLeafStaysTheValueTheModelUsesAcrossFreezing() {
        Toy toy = toy();
        Variable leaf = toy.trainableParameters().getFirst();
        assertThat(leaf).isSameAs(toy.parameter("scale").leaf());
        toy.requiresGrad(false);
        leaf.setValue(Tensor.zeros(3));
        Variable out = toy.forward(Variable.constant(Tensor.ones(1, 2)));
        // scale 0 zeroes the stack's input, so the output is the first layer's bias pushed through the second.
        Linear first = toy.stack.get(0);
        Tensor expected = first.bias()
                .value()
                .reshape(1, 3)
                .matmul(toy.stack.get(1).weight().value().transpose(0, 1));
        assertThat(out.value().toArray()).containsExactly(expected.toArray());
        toy.requiresGrad(true);
        toy.forward(Variable.constant(Tensor.ones(1, 2))).sum().backward();
        assertThat(leaf.grad()).isNotNull();
    }

    @Test
    void replaceModuleChangesWhatTheForwardPassRuns() {
        Toy toy = toy();
        toy.eval();
        Variable x = Variable.constant(Tensor.fromArray(new float[] {1, 2}, 1, 2));
        Tensor before = toy.forward(x).value();
        Module old = toy.replaceModule("norm", new Gelu());
        assertThat(old).isInstanceOf(LayerNorm.class);
        assertThat(toy.module("norm")).isInstanceOf(Gelu.class);
        assertThat(toy.module("norm").isTraining()).isFalse();
        assertThat(toy.namedParameters()).doesNotContainKeys("norm.weight", "norm.bias");
        assertThat(toy.forward(x).value().toArray()).isNotEqualTo(before.toArray());
    }

    @Test
    void replaceModuleRejectsNonUnaryModulesAndListElements() {
        Toy toy = toy();
        assertThatThrownBy(() -> toy.replaceModule("stack", new Gelu())).hasMessageContaining("must be UnaryModules");
        assertThatThrownBy(() -> toy.replaceModule("stack.0", new Gelu())).hasMessageContaining("ModuleList");
        class Plain extends Module {}
        assertThatThrownBy(() -> toy.replaceModule("proj", new Plain())).hasMessageContaining("must be UnaryModules");
    }

    @Test
    void aSharedParameterIsListedOnceUnderItsFirstName() {
        class Tied extends Module {
            Tied() {
                Linear a = addModule("a", new Linear(2, 2, false, new Rng(3)));
                addParameter("alias", a.weight());
            }
        }
        Map<String, Parameter> named = new Tied().namedParameters();
        assertThat(named.keySet()).containsExactly("alias");
        assertThat(new Tied().stateDict()).containsOnlyKeys("alias");
    }

    @Test
    void functionalCallSubstitutesParametersOnlyInsideTheCall() {
        Linear linear = new Linear(2, 1, false, new Rng(4));
        Variable x = Variable.constant(Tensor.fromArray(new float[] {1, 2}, 1, 2));
        Variable w = Variable.constant(Tensor.fromArray(new float[] {10, 100}, 1, 2));
        float inside = linear.functionalCall(Map.of("weight", w), () -> linear.forward(x))
                .value()
                .item();
        assertThat(inside).isEqualTo(210f);
        assertThat(linear.forward(x).value().item()).isNotEqualTo(210f);
        assertThatThrownBy(() -> linear.functionalCall(Map.of("bias", w), () -> linear.forward(x)))
                .hasMessageContaining("no parameter 'bias'");
        assertThatThrownBy(() -> linear.functionalCall(Map.of("weight", x.reshape(2, 1)), () -> linear.forward(x)))
                .hasMessageContaining("'weight' has shape [1, 2], the substitute [2, 1]");
    }

    @Test
    void zeroGradForgetsEveryGradient() {
        Toy toy = toy();
        toy.forward(Variable.constant(Tensor.ones(1, 2))).sum().backward();
        toy.zeroGrad();
        assertThat(toy.namedParameters().values()).allMatch(p -> p.grad() == null);
    }
}
