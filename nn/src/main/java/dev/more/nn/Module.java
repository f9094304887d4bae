package dev.more.nn;

import dev.more.autograd.Variable;
import dev.more.tensor.Device;
import dev.more.tensor.Tensor;
import dev.more.tensor.io.SafeTensors;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A node of a model: named parameters and named child modules, whose dotted paths are the parameter
 * names, exactly as Hugging Face names them ({@code encoder.layer.0.attention.self.query.weight}).
 *
 * <p>Subclasses register what they own in their constructors with {@link #addParameter} and
 * {@link #addModule}. Order is registration order; within a module its own parameters come before
 * its children's, as in PyTorch, so {@link #namedParameters()} lists a BERT in the order of a
 * Hugging Face checkpoint. A parent calls a {@link UnaryModule} child through
 * {@link #forwardChild(String, Variable)} rather than a field, so that {@link #replaceModule} (e.g.
 * putting an adapted linear layer in place of a linear one) changes what the forward pass runs.
 *
 * <p>A module is in training mode when made; {@link #eval()} and {@link #train(boolean)} switch a
 * whole subtree (dropout reads the mode). {@link #requiresGrad(boolean)} freezes or unfreezes a
 * subtree's parameters. State dicts map names to values and load with a report of missing,
 * unexpected and mis-shaped entries; {@link #save} and {@link #load} put them in safetensors files.
 * A module is not thread-safe.
 */
public abstract class Module {
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /** For subclasses. */
    protected Module() {}

    // ---- building -------------------------------------------------------------------------------

    /** Registers a new trainable parameter {@code name} with value {@code initial} and returns it. */
    protected final Parameter addParameter(String name, Tensor initial) {
        return addParameter(name, new Parameter(initial));
    }

    /**
     * Registers an existing parameter under {@code name}, e.g. one shared with another module. A
     * parameter reachable under several names is listed once, under the first, by
     * {@link #namedParameters()}.
     */
    protected final Parameter addParameter(String name, Parameter parameter) {
        checkNewName(name);
        parameters.put(name, Objects.requireNonNull(parameter, "parameter"));
        return parameter;
    }

    /** Registers {@code child} under {@code name} and returns it. */
    protected final <M extends Module> M addModule(String name, M child) {
        checkNewName(name);
        if (child == this) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot be its own child");
        }
        children.put(name, Objects.requireNonNull(child, "child"));
        return child;
    }

    private void checkNewName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(
                    getClass().getSimpleName() + ": name '" + name + "' must be non-empty and contain no '.'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' is already taken");
        }
    }

    /** Runs the child {@code name}, which must be a {@link UnaryModule}, on {@code input}. */
    protected final Variable forwardChild(String name, Variable input) {
        Module child = children.get(name);
        if (!(child instanceof UnaryModule unary)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": child '" + name + "' is "
                    + (child == null ? "missing" : "a " + child.getClass().getSimpleName() + ", not a UnaryModule"));
        }
        return unary.forward(input);
    }

    /** The child registered as {@code name}, of type {@code type}. */
    protected final <M extends Module> M child(String name, Class<M> type) {
        Module child = children.get(name);
        if (!type.isInstance(child)) {
            throw new IllegalStateException(getClass().getSimpleName() + ": child '" + name + "' is "
                    + (child == null
                            ? "missing"
                            : "a " + child.getClass().getSimpleName() + ", not a " + type.getSimpleName()));
        }
        return type.cast(child);
    }

    // ---- the tree -----------------------------------------------------------------------------

    /** The direct children by name, in registration order (unmodifiable). */
    public final Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /** Every module below this one by dotted path, depth first in registration order; each module once. */
    public final Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        Set<Module> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        seen.add(this);
        collectModules("", out, seen);
        return out;
    }

    private void collectModules(String prefix, Map<String, Module> out, Set<Module> seen) {
        for (Map.Entry<String, Module> e : children.entrySet()) {
            if (seen.add(e.getValue())) {
                String path = prefix + e.getKey();
                out.put(path, e.getValue());
                e.getValue().collectModules(path + ".", out, seen);
            }
        }
    }

    /** The module at dotted {@code path} below this one, e.g. {@code encoder.layer.0.attention.self.query}. */
    public final Module module(String path) {
        Module at = this;
        String[] parts = path.split("\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            Module next = at.children.get(parts[i]);
            if (next == null) {
                throw new IllegalArgumentException(
                        "no module '" + path + "': '" + String.join(".", Arrays.copyOf(parts, i + 1))
                                + "' does not exist; "
                                + (i == 0 ? "top-level" : "'" + String.join(".", Arrays.copyOf(parts, i)) + "' has")
                                + " children " + at.children.keySet());
            }
            at = next;
        }
        return at;
    }

    /**
     * Puts {@code replacement} in place of the module at {@code path} and returns the old one. Both
     * must be {@link UnaryModule}s (their parent calls them through {@link #forwardChild}); the
     * replacement takes the old module's training mode. Parameters are named by the new module's.
     * Elements of a {@link ModuleList} cannot be replaced.
     */
    public final Module replaceModule(String path, Module replacement) {
        Module old = module(path);
        int dot = path.lastIndexOf('.');
        Module parent = dot < 0 ? this : module(path.substring(0, dot));
        if (parent instanceof ModuleList<?>) {
            throw new IllegalArgumentException("replaceModule('" + path + "'): the elements of a ModuleList are "
                    + "typed and cannot be replaced; replace a module inside one instead");
        }
        if (!(old instanceof UnaryModule) || !(replacement instanceof UnaryModule)) {
            throw new IllegalArgumentException("replaceModule('" + path + "'): both the old module ("
                    + old.getClass().getSimpleName() + ") and the replacement ("
                    + replacement.getClass().getSimpleName()
                    + ") must be UnaryModules");
        }
        parent.children.put(path.substring(dot + 1), replacement);
        replacement.train(old.training);
        return old;
    }

    // ---- parameters ---------------------------------------------------------------------------

    /** Every parameter by dotted name, this module's own first, then each child's; each parameter once. */
    public final Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        addOwnParameters("", out, seen);
        namedModules().forEach((path, m) -> m.addOwnParameters(path + ".", out, seen));
        return out;
    }

    private void addOwnParameters(String prefix, Map<String, Parameter> out, Set<Parameter> seen) {
        parameters.forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(prefix + name, p);
            }
        });
    }

    /** The parameter named {@code name} (dotted). */
    public final Parameter parameter(String name) {
        Parameter p = namedParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException(
                    "no parameter '" + name + "' in " + getClass().getSimpleName());
        }
        return p;
    }

    /** The leaves of all parameters, frozen ones included, in {@link #namedParameters()} order. */
    public final List<Variable> parameters() {
        List<Variable> out = new ArrayList<>();
        namedParameters().values().forEach(p -> out.add(p.leaf()));
        return out;
    }

    /** The leaves of the trainable parameters: what an optimizer should update. */
    public final List<Variable> trainableParameters() {
        List<Variable> out = new ArrayList<>();
        namedParameters().values().stream().filter(Parameter::trainable).forEach(p -> out.add(p.leaf()));
        return out;
    }

    /** The number of parameter elements. */
    public final long parameterCount() {
        return namedParameters().values().stream().mapToLong(Parameter::numel).sum();
    }

    /** The number of trainable parameter elements. */
    public final long trainableParameterCount() {
        return namedParameters().values().stream()
                .filter(Parameter::trainable)
                .mapToLong(Parameter::numel)
                .sum();
    }

    /** Freezes ({@code false}) or unfreezes ({@code true}) every parameter of this subtree; returns this. */
    public final Module requiresGrad(boolean trainable) {
        namedParameters().values().forEach(p -> p.setTrainable(trainable));
        return this;
    }

    /** Forgets every parameter's accumulated gradient. */
    public final void zeroGrad() {
        namedParameters().values().forEach(Parameter::zeroGrad);
    }

    /**
     * Runs {@code body} with the named parameters replaced by the given variables, as
     * {@code torch.func.functional_call} does: e.g. to differentiate a module's output with respect to
     * parameter values held elsewhere, as a gradient check does. Shapes must match.
     */
    public final <T> T functionalCall(Map<String, Variable> substitutes, Supplier<T> body) {
        Map<String, Parameter> named = namedParameters();
        List<Parameter> substituted = new ArrayList<>();
        try {
            substitutes.forEach((name, v) -> {
                Parameter p = named.get(name);
                if (p == null) {
                    throw new IllegalArgumentException("functionalCall: no parameter '" + name + "'");
                }
                if (!Arrays.equals(p.shape(), v.shape())) {
                    throw new IllegalArgumentException("functionalCall: '" + name + "' has shape "
                            + Arrays.toString(p.shape()) + ", the substitute " + Arrays.toString(v.shape()));
                }
                p.substitute(v);
                substituted.add(p);
            });
            return body.get();
        } finally {
            substituted.forEach(Parameter::clearSubstitute);
        }
    }

    // ---- modes --------------------------------------------------------------------------------

    /** Sets training ({@code true}) or evaluation mode on this subtree; returns this. */
    public final Module train(boolean on) {
        training = on;
        namedModules().values().forEach(m -> m.training = on);
        return this;
    }

    /** Evaluation mode on this subtree; returns this. */
    public final Module eval() {
        return train(false);
    }

    /** True in training mode. */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Moves every parameter's value to {@code device} (values already there stay as they are); returns
     * this. Gradients are dropped: the next backward pass forms them on the new device.
     */
    public final Module to(Device device) {
        for (Parameter p : namedParameters().values()) {
            p.zeroGrad();
            p.setValue(p.value().to(device));
        }
        return this;
    }

    // ---- state --------------------------------------------------------------------------------

    /** The parameter values by name, in {@link #namedParameters()} order. */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        namedParameters().forEach((name, p) -> out.put(name, p.value()));
        return out;
    }

    /**
     * Loads parameter values by name. Strict: any missing key, unexpected key or shape mismatch
     * throws a {@link StateDictException} listing all of them, and nothing is loaded. Not strict:
     * every entry whose name and shape match is loaded and the rest is reported.
     */
    public final LoadReport loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, Parameter> named = namedParameters();
        List<String> missing = new ArrayList<>();
        List<LoadReport.ShapeMismatch> mismatched = new ArrayList<>();
        named.forEach((name, p) -> {
            Tensor t = state.get(name);
            if (t == null) {
                missing.add(name);
            } else if (!Arrays.equals(t.shape(), p.shape())) {
                mismatched.add(new LoadReport.ShapeMismatch(name, p.shape(), t.shape()));
            }
        });
        List<String> unexpected =
                state.keySet().stream().filter(k -> !named.containsKey(k)).toList();
        LoadReport report = new LoadReport(missing, unexpected, mismatched);
        if (strict && !report.isClean()) {
            throw new StateDictException(report);
        }
        named.forEach((name, p) -> {
            Tensor t = state.get(name);
            if (t != null && Arrays.equals(t.shape(), p.shape())) {
                p.setValue(t);
            }
        });
        return report;
    }

    /** Writes {@link #stateDict()} to a safetensors file. */
    public final void save(Path file) throws IOException {
        save(file, Map.of());
    }

    /** Writes {@link #stateDict()} to a safetensors file with {@code __metadata__} entries. */
    public final void save(Path file, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, stateDict(), metadata);
    }

    /** Reads a safetensors file and {@linkplain #loadStateDict loads} it. */
    public final LoadReport load(Path file, boolean strict) throws IOException {
        return loadStateDict(SafeTensors.read(file), strict);
    }
}
