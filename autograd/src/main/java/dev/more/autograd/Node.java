package dev.more.autograd;

import dev.more.tensor.Tensor;

/**
 * One recorded op: its inputs and the rule that turns the gradient of its output into gradients of
 * its inputs. Released after backward (unless the graph is retained) so that the intermediate
 * tensors it holds can be collected.
 */
final class Node {
    /** The backward rule of an op: the output's gradient in, one gradient per input out (null for none). */
    @FunctionalInterface
    interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String op;
    private Variable[] inputs;
    private Backward backward;

    Node(String op, Variable[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    String op() {
        return op;
    }

    Variable[] inputs() {
        checkLive();
        return inputs;
    }

    Tensor[] backward(Tensor gradOutput) {
        checkLive();
        return backward.apply(gradOutput);
    }

    void release() {
        inputs = null;
        backward = null;
    }

    private void checkLive() {
        if (backward == null) {
            throw new IllegalStateException("the graph through '" + op + "' was freed by an earlier "
                    + "backward(); call backward(gradient, true) to keep it for a second pass");
        }
    }
}
