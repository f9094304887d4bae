package dev.more.kernels.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vectorised bodies of {@link Elementwise} for contiguous (or broadcast) rows. */
final class ElementwiseVector {
    private static final VectorSpecies<Float> S = VectorWidth.FLOATS;

    private ElementwiseVector() {
    }

    static void unary(UnaryOp op, float[] x, int xi, float[] out, int oi, int n) {
        int i = 0;
        if (hasVectorForm(op)) {
            for (int bound = S.loopBound(n); i < bound; i += S.length()) {
                apply(op, FloatVector.fromArray(S, x, xi + i)).intoArray(out, oi + i);
            }
        }
        for (; i < n; i++) {
            out[oi + i] = applyScalar(op, x[xi + i]);
        }
    }

    /** Everything but log and tanh, which have no form here that is both accurate and JIT-independent. */
    private static boolean hasVectorForm(UnaryOp op) {
        return op != UnaryOp.LOG && op != UnaryOp.TANH;
    }

    private static FloatVector apply(UnaryOp op, FloatVector v) {
        return switch (op) {
            case NEG -> v.neg();
            case ABS -> v.abs();
            case SQRT -> v.sqrt();
            case RELU -> v.max(0f);
            case EXP -> VectorMath.exp(v);
            case SIGMOID -> VectorMath.sigmoid(v);
            case ERF -> VectorMath.erf(v);
            case GELU -> VectorMath.gelu(v);
            case GELU_DERIVATIVE -> VectorMath.geluDerivative(v);
            case LOG, TANH -> throw new AssertionError(op + " has no vector form");
        };
    }

    /** The scalar form the vector path uses for tails, so every element of a row gets the same function. */
    private static float applyScalar(UnaryOp op, float x) {
        return switch (op) {
            case EXP -> VectorMath.exp(x);
            case SIGMOID -> 1f / (VectorMath.exp(-x) + 1f);
            case ERF -> VectorMath.erf(x);
            case GELU -> VectorMath.gelu(x);
            case GELU_DERIVATIVE -> VectorMath.geluDerivative(x);
            default -> op.apply(x);
        };
    }

    /** Strides {@code as}, {@code bs} are each 0 (a broadcast scalar) or 1. */
    static void binary(BinaryOp op, float[] a, int ai, int as, float[] b, int bi, int bs,
                       float[] out, int oi, int n) {
        // POW has no exact vector form (see VectorWidth): the scalar loop below does every element.
        int bound = op == BinaryOp.POW ? 0 : S.loopBound(n);
        int i = 0;
        for (; i < bound; i += S.length()) {
            FloatVector va = as == 0 ? FloatVector.broadcast(S, a[ai]) : FloatVector.fromArray(S, a, ai + i);
            FloatVector vb = bs == 0 ? FloatVector.broadcast(S, b[bi]) : FloatVector.fromArray(S, b, bi + i);
            apply(op, va, vb).intoArray(out, oi + i);
        }
        for (; i < n; i++) {
            out[oi + i] = op.apply(a[ai + i * as], b[bi + i * bs]);
        }
    }

    private static FloatVector apply(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case POW -> throw new AssertionError("POW has no vector form");
            case MAXIMUM -> a.max(b);
            case MINIMUM -> a.min(b);
            case EQ -> ones(a.compare(VectorOperators.EQ, b));
            case NE -> ones(a.compare(VectorOperators.NE, b));
            case LT -> ones(a.compare(VectorOperators.LT, b));
            case LE -> ones(a.compare(VectorOperators.LE, b));
            case GT -> ones(a.compare(VectorOperators.GT, b));
            case GE -> ones(a.compare(VectorOperators.GE, b));
        };
    }

    private static FloatVector ones(VectorMask<Float> mask) {
        return FloatVector.zero(S).blend(1f, mask);
    }
}
