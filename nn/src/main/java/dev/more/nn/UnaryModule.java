package dev.more.nn;

import dev.more.autograd.Variable;

/**
 * A module whose forward pass maps one variable to one variable (a linear layer, a layer norm, an
 * activation, dropout). Parents call such children by name through {@link Module#forwardChild}, so a
 * child can be swapped with {@link Module#replaceModule}, e.g. a linear layer for an adapted one.
 */
public interface UnaryModule {
    /** The forward pass. */
    Variable forward(Variable input);
}
