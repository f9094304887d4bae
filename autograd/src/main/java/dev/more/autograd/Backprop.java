package dev.more.autograd;

import dev.more.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse pass: orders the graph behind a root topologically, then walks it backwards, handing
 * each node the sum of the gradients of its uses. Gradients of intermediate results live only in
 * this pass's map; leaves that require gradients accumulate theirs.
 */
final class Backprop {
    private Backprop() {}

    static void run(Variable root, Tensor gradRoot, boolean retainGraph) {
        if (!root.requiresGrad()) {
            throw new IllegalStateException(
                    "backward(): this value does not depend on any variable " + "that requires a gradient");
        }
        if (!Arrays.equals(gradRoot.shape(), root.value().shape())) {
            throw new IllegalArgumentException(
                    "backward(): gradient shape " + Arrays.toString(gradRoot.shape()) + " differs from the output's "
                            + Arrays.toString(root.value().shape()));
        }
        Map<Variable, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradRoot);
        for (Variable v : topologicalOrder(root)) {
            Tensor g = grads.remove(v);
            if (g == null) {
                continue;
            }
            Node node = v.node();
            if (node == null) {
                v.accumulateGrad(g);
                continue;
            }
            Variable[] inputs = node.inputs();
            Tensor[] inputGrads = node.backward(g);
            for (int i = 0; i < inputs.length; i++) {
                Variable in = inputs[i];
                Tensor gi = inputGrads[i];
                if (in == null || gi == null || !in.requiresGrad()) {
                    continue;
                }
                if (!Arrays.equals(gi.shape(), in.value().shape())) {
                    throw new IllegalStateException("backward of '" + node.op() + "' gave a gradient of shape "
                            + Arrays.toString(gi.shape()) + " for an input of shape "
                            + Arrays.toString(in.value().shape()));
                }
                grads.merge(in, gi, Tensor::add);
            }
            if (!retainGraph) {
                node.release();
            }
        }
    }

    /** Every variable the root depends on, root first, each before all of its inputs. */
    private static List<Variable> topologicalOrder(Variable root) {
        // Iterative depth-first search: deep graphs (long sequences, many layers) would overflow
        // the call stack of a recursive one.
        List<Variable> postOrder = new ArrayList<>();
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Frame> stack = new ArrayDeque<>();
        stack.push(new Frame(root));
        seen.add(root);
        while (!stack.isEmpty()) {
            Frame frame = stack.peek();
            Variable child = frame.nextUnseenInput(seen);
            if (child != null) {
                seen.add(child);
                stack.push(new Frame(child));
            } else {
                stack.pop();
                postOrder.add(frame.variable);
            }
        }
        Collections.reverse(postOrder);
        return postOrder;
    }

    /** A variable on the search stack and how far through its inputs the search has got. */
    private static final class Frame {
        final Variable variable;
        private final Variable[] inputs;
        private int next;

        Frame(Variable variable) {
            this.variable = variable;
            this.inputs =
                    variable.node() == null ? new Variable[0] : variable.node().inputs();
        }

        Variable nextUnseenInput(Set<Variable> seen) {
            while (next < inputs.length) {
                Variable in = inputs[next++];
                if (in != null && in.requiresGrad() && !seen.contains(in)) {
                    return in;
                }
            }
            return null;
        }
    }
}
