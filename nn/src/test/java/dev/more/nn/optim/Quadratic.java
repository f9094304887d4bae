package dev.more.nn.optim;

import dev.more.autograd.Variable;
import dev.more.tensor.Tensor;

/**
 * {@code f(x) = x·Ax / 2 - b·x} for a fixed symmetric positive-definite 3×3 A, with {@code b = A x*}
 * so that the minimum is at the chosen {@code x* = (1, -2, 0.5)}.
 */
final class Quadratic {
    static final float[] MINIMUM = {1f, -2f, 0.5f};
    private static final float[][] A = {{3f, 1f, 0f}, {1f, 2f, 0.5f}, {0f, 0.5f, 1f}};

    private final Variable a = Variable.constant(Tensor.fromArray(flat(A), 3, 3));
    private final Variable b;

    Quadratic() {
        float[] ab = new float[3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                ab[i] += A[i][j] * MINIMUM[j];
            }
        }
        b = Variable.constant(Tensor.fromArray(ab, 3));
    }

    Variable at(Variable x) {
        return x.mul(a.matmul(x)).sum().mul(0.5f).sub(b.mul(x).sum());
    }

    /** Runs {@code steps} optimizer steps on {@code x} from wherever it is. */
    void minimise(Optimizer optimizer, Variable x, int steps) {
        for (int s = 0; s < steps; s++) {
            optimizer.zeroGrad();
            at(x).backward();
            optimizer.step();
        }
    }

    private static float[] flat(float[][] rows) {
        float[] out = new float[rows.length * rows[0].length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * rows[0].length, rows[0].length);
        }
        return out;
    }
}
