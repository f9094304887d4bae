package dev.more.kernels;

import dev.more.kernels.cpu.Erf;

/** Elementwise functions of one float. Each is computed in double and rounded once to float. */
public enum UnaryOp {
    NEG {
        @Override
        public float apply(float x) {
            return -x;
        }
    },
    ABS {
        @Override
        public float apply(float x) {
            return Math.abs(x);
        }
    },
    EXP {
        @Override
        public float apply(float x) {
            return (float) Math.exp(x);
        }
    },
    LOG {
        @Override
        public float apply(float x) {
            return (float) Math.log(x);
        }
    },
    SQRT {
        @Override
        public float apply(float x) {
            return (float) Math.sqrt(x);
        }
    },
    TANH {
        @Override
        public float apply(float x) {
            return (float) Math.tanh(x);
        }
    },
    ERF {
        @Override
        public float apply(float x) {
            return (float) Erf.erf(x);
        }
    },
    /** GELU in its exact erf form, {@code x * Phi(x)}, as BERT and PyTorch's default use. */
    GELU {
        @Override
        public float apply(float x) {
            return (float) (0.5 * x * (1.0 + Erf.erf(x * INV_SQRT2)));
        }
    },
    /** d/dx GELU(x) = Phi(x) + x * phi(x); the backward of {@link #GELU}. */
    GELU_DERIVATIVE {
        @Override
        public float apply(float x) {
            double cdf = 0.5 * (1.0 + Erf.erf(x * INV_SQRT2));
            double pdf = Math.exp(-0.5 * (double) x * x) * INV_SQRT_2PI;
            return (float) (cdf + x * pdf);
        }
    },
    RELU {
        @Override
        public float apply(float x) {
            return x > 0f ? x : 0f;
        }
    },
    SIGMOID {
        @Override
        public float apply(float x) {
            return (float) (1.0 / (1.0 + Math.exp(-x)));
        }
    };

    private static final double INV_SQRT2 = 1.0 / Math.sqrt(2.0);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2.0 * Math.PI);

    /** The function at one point: the scalar reference for the vectorised kernels. */
    public abstract float apply(float x);
}
