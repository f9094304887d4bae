package dev.more.kernels.cpu;

import dev.more.kernels.BinaryOp;
import dev.more.kernels.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised bodies of {@link Elementwise} for contiguous (or broadcast) rows. */
final class ElementwiseVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private ElementwiseVector() {}

    /**
     * Exact ops share one loop; each polynomial op has a loop method of its own. Every vector must
     * stay inside one compiled method: a vector passed through a call the JIT did not inline (it
     * gives up on methods that grow too large) falls back to the Vector API's slow generic code.
     */
    static void unary(UnaryOp op, float[] x, int xi, float[] out, int oi, int n) {
        int done = switch (op) {
            case NEG, ABS, SQRT, RELU -> exactRow(op, x, xi, out, oi, n);
            case EXP -> VectorMath.expRow(x, xi, out, oi, n);
            case SIGMOID -> VectorMath.sigmoidRow(x, xi, out, oi, n);
            case ERF -> VectorMath.erfRow(x, xi, out, oi, n);
            case GELU -> VectorMath.geluRow(x, xi, out, oi, n);
            case GELU_DERIVATIVE -> VectorMath.geluDerivativeRow(x, xi, out, oi, n);
            case LOG, TANH -> 0; // no form here that is both accurate and JIT-independent
        };
        for (int i = done; i < n; i++) {
            out[oi + i] = applyScalar(op, x[xi + i]);
        }
    }

    /** The whole vectors of a row of an exact op; returns how many elements it did. */
    private static int exactRow(UnaryOp op, float[] x, int xi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, xi + i);
            FloatVector r = switch (op) {
                case NEG -> v.neg();
                case ABS -> v.abs();
                case SQRT -> v.sqrt();
                default -> v.max(0f);
            };
            r.intoArray(out, oi + i);
        }
        return bound;
    }

    /** The scalar form the vector path uses for tails, so every element of a row gets the same function. */
    private static float applyScalar(UnaryOp op, float x) {
        return switch (op) {
            case EXP -> VectorMath.exp(x);
            case SIGMOID -> VectorMath.sigmoid(x);
            case ERF -> VectorMath.erf(x);
            case GELU -> VectorMath.gelu(x);
            case GELU_DERIVATIVE -> VectorMath.geluDerivative(x);
            default -> op.apply(x);
        };
    }

    /**
     * Strides {@code as}, {@code bs} are each 0 (a broadcast scalar) or 1. Each broadcast pattern has
     * its own loop with the op chosen inside it: choosing between a loaded and a broadcast vector in
     * one loop, or calling out to a helper the JIT declines to inline, boxes vectors and falls back to
     * the Vector API's slow generic code. Comparisons (masks, rarely hot) run scalar.
     */
    static void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs, float[] out, int oi, int n) {
        boolean arithmetic = switch (op) {
            case ADD, SUB, MUL, DIV, MAXIMUM, MINIMUM -> true;
            default -> false; // POW has no exact vector form (see VectorWidth)
        };
        int done = !arithmetic
                ? 0
                : as == 1 && bs == 1
                        ? rows(op, a, ai, b, bi, out, oi, n)
                        : as == 1
                                ? rowAndScalar(op, a, ai, b[bi], out, oi, n)
                                : bs == 1 ? scalarAndRow(op, a[ai], b, bi, out, oi, n) : 0;
        for (int i = done; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i * as], b[bi + i * bs]);
        }
    }

    private static int rows(BinaryOp op, float[] a, int ai, float[] b, int bi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, ai + i);
            FloatVector vb = FloatVector.fromArray(S, b, bi + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAXIMUM -> va.max(vb);
                default -> va.min(vb);
            };
            r.intoArray(out, oi + i);
        }
        return bound;
    }

    private static int rowAndScalar(BinaryOp op, float[] a, int ai, float b, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector va = FloatVector.fromArray(S, a, ai + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(b);
                case SUB -> va.sub(b);
                case MUL -> va.mul(b);
                case DIV -> va.div(b);
                case MAXIMUM -> va.max(b);
                default -> va.min(b);
            };
            r.intoArray(out, oi + i);
        }
        return bound;
    }

    private static int scalarAndRow(BinaryOp op, float a, float[] b, int bi, float[] out, int oi, int n) {
        int bound = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, a);
        for (int i = 0; i < bound; i += S.length()) {
            FloatVector vb = FloatVector.fromArray(S, b, bi + i);
            FloatVector r = switch (op) {
                case ADD -> va.add(vb);
                case SUB -> va.sub(vb);
                case MUL -> va.mul(vb);
                case DIV -> va.div(vb);
                case MAXIMUM -> va.max(vb);
                default -> va.min(vb);
            };
            r.intoArray(out, oi + i);
        }
        return bound;
    }
}
