package dev.more.autograd;

import static dev.more.autograd.Gradients.unbroadcast;

import dev.more.tensor.Tensor;

/**
 * Elementwise ops, each forward beside its backward rule. Rules compute a gradient only for inputs
 * that require one: a frozen weight or a dropout mask costs no backward work.
 */
final class ArithmeticOps {
    private static final float TWO_OVER_SQRT_PI = (float) (2.0 / Math.sqrt(Math.PI));

    private ArithmeticOps() {}

    static Variable add(Variable a, Variable b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        return Variable.fromOp(
                "add",
                a.value().add(b.value()),
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(g, sa) : null, b.requiresGrad() ? unbroadcast(g, sb) : null
                },
                a,
                b);
    }

    static Variable addScalar(Variable a, float c) {
        return Variable.fromOp("add", a.value().add(c), g -> new Tensor[] {g}, a);
    }

    static Variable sub(Variable a, Variable b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        return Variable.fromOp(
                "sub",
                a.value().sub(b.value()),
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(g, sa) : null, b.requiresGrad() ? unbroadcast(g.neg(), sb) : null
                },
                a,
                b);
    }

    static Variable mul(Variable a, Variable b) {
        Tensor x = a.value();
        Tensor y = b.value();
        return Variable.fromOp(
                "mul",
                x.mul(y),
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(g.mul(y), x.shape()) : null,
                    b.requiresGrad() ? unbroadcast(g.mul(x), y.shape()) : null
                },
                a,
                b);
    }

    static Variable mulScalar(Variable a, float c) {
        return Variable.fromOp("mul", a.value().mul(c), g -> new Tensor[] {g.mul(c)}, a);
    }

    static Variable div(Variable a, Variable b) {
        Tensor x = a.value();
        Tensor y = b.value();
        return Variable.fromOp(
                "div",
                x.div(y),
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(g.div(y), x.shape()) : null,
                    b.requiresGrad() ? unbroadcast(g.mul(x).div(y.mul(y)).neg(), y.shape()) : null
                },
                a,
                b);
    }

    static Variable pow(Variable a, Variable b) {
        Tensor x = a.value();
        Tensor y = b.value();
        Tensor out = x.pow(y);
        return Variable.fromOp(
                "pow",
                out,
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(g.mul(y).mul(x.pow(y.sub(1))), x.shape()) : null,
                    b.requiresGrad() ? unbroadcast(g.mul(out).mul(x.log()), y.shape()) : null
                },
                a,
                b);
    }

    static Variable powScalar(Variable a, float exponent) {
        Tensor x = a.value();
        return Variable.fromOp(
                "pow",
                x.pow(exponent),
                g -> new Tensor[] {g.mul(x.pow(exponent - 1)).mul(exponent)},
                a);
    }

    static Variable maximum(Variable a, Variable b) {
        Tensor x = a.value();
        Tensor y = b.value();
        return Variable.fromOp(
                "maximum",
                x.maximum(y),
                g -> {
                    Tensor half = x.eq(y).mul(0.5f);
                    return new Tensor[] {
                        unbroadcast(g.mul(x.gt(y).add(half)), x.shape()),
                        unbroadcast(g.mul(x.lt(y).add(half)), y.shape())
                    };
                },
                a,
                b);
    }

    static Variable neg(Variable a) {
        return Variable.fromOp("neg", a.value().neg(), g -> new Tensor[] {g.neg()}, a);
    }

    static Variable abs(Variable a) {
        Tensor x = a.value();
        Tensor zero = Tensor.scalar(0).to(x.device());
        return Variable.fromOp(
                "abs", x.abs(), g -> new Tensor[] {g.mul(x.gt(zero).sub(x.lt(zero)))}, a);
    }

    static Variable exp(Variable a) {
        Tensor out = a.value().exp();
        return Variable.fromOp("exp", out, g -> new Tensor[] {g.mul(out)}, a);
    }

    static Variable log(Variable a) {
        Tensor x = a.value();
        return Variable.fromOp("log", x.log(), g -> new Tensor[] {g.div(x)}, a);
    }

    static Variable sqrt(Variable a) {
        Tensor out = a.value().sqrt();
        return Variable.fromOp("sqrt", out, g -> new Tensor[] {g.div(out.mul(2f))}, a);
    }

    static Variable tanh(Variable a) {
        Tensor out = a.value().tanh();
        return Variable.fromOp(
                "tanh", out, g -> new Tensor[] {g.mul(out.mul(out).neg().add(1f))}, a);
    }

    static Variable erf(Variable a) {
        Tensor x = a.value();
        return Variable.fromOp(
                "erf", x.erf(), g -> new Tensor[] {g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI))}, a);
    }

    static Variable gelu(Variable a) {
        Tensor x = a.value();
        return Variable.fromOp("gelu", x.gelu(), g -> new Tensor[] {x.geluBackward(g)}, a);
    }

    static Variable relu(Variable a) {
        Tensor x = a.value();
        return Variable.fromOp("relu", x.relu(), g -> new Tensor[] {g.mul(x.gt(0f))}, a);
    }

    static Variable sigmoid(Variable a) {
        Tensor out = a.value().sigmoid();
        return Variable.fromOp(
                "sigmoid", out, g -> new Tensor[] {g.mul(out).mul(out.neg().add(1f))}, a);
    }

    static Variable where(Tensor cond, Variable a, Variable b) {
        int[] sa = a.shape();
        int[] sb = b.shape();
        Tensor zero = Tensor.scalar(0).to(cond.device());
        return Variable.fromOp(
                "where",
                Tensor.where(cond, a.value(), b.value()),
                g -> new Tensor[] {
                    a.requiresGrad() ? unbroadcast(Tensor.where(cond, g, zero), sa) : null,
                    b.requiresGrad() ? unbroadcast(Tensor.where(cond, zero, g), sb) : null
                },
                a,
                b);
    }

    static Variable maskedFill(Variable a, Tensor mask, float value) {
        int[] sa = a.shape();
        return Variable.fromOp(
                "maskedFill",
                a.value().maskedFill(mask, value),
                g -> new Tensor[] {unbroadcast(g.maskedFill(mask, 0f), sa)},
                a);
    }
}
