package dev.more.nn;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Modules named by position, {@code 0}, {@code 1}, ...: a stack of layers, as
 * {@code torch.nn.ModuleList} names them ({@code encoder.layer.3.output.dense.weight}).
 *
 * @param <M> the element type
 */
public final class ModuleList<M extends Module> extends Module implements Iterable<M> {
    private final List<M> items = new ArrayList<>();

    /** An empty list. */
    public ModuleList() {}

    /** Appends {@code module} under the next index; returns it. */
    public M add(M module) {
        items.add(addModule(String.valueOf(items.size()), module));
        return module;
    }

    /** The module at {@code index}. */
    public M get(int index) {
        return items.get(index);
    }

    /** The number of modules. */
    public int size() {
        return items.size();
    }

    @Override
    public Iterator<M> iterator() {
        return List.copyOf(items).iterator();
    }
}
