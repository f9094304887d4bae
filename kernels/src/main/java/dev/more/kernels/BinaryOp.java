package dev.more.kernels;

/** Elementwise functions of two floats. Comparisons give 1 for true and 0 for false. */
public enum BinaryOp {
    ADD {
        @Override
        public float apply(float a, float b) {
            return a + b;
        }
    },
    SUB {
        @Override
        public float apply(float a, float b) {
            return a - b;
        }
    },
    MUL {
        @Override
        public float apply(float a, float b) {
            return a * b;
        }
    },
    DIV {
        @Override
        public float apply(float a, float b) {
            return a / b;
        }
    },
    POW {
        @Override
        public float apply(float a, float b) {
            return (float) Math.pow(a, b);
        }
    },
    MAXIMUM {
        @Override
        public float apply(float a, float b) {
            return Math.max(a, b);
        }
    },
    MINIMUM {
        @Override
        public float apply(float a, float b) {
            return Math.min(a, b);
        }
    },
    EQ {
        @Override
        public float apply(float a, float b) {
            return a == b ? 1f : 0f;
        }
    },
    NE {
        @Override
        public float apply(float a, float b) {
            return a != b ? 1f : 0f;
        }
    },
    LT {
        @Override
        public float apply(float a, float b) {
            return a < b ? 1f : 0f;
        }
    },
    LE {
        @Override
        public float apply(float a, float b) {
            return a <= b ? 1f : 0f;
        }
    },
    GT {
        @Override
        public float apply(float a, float b) {
            return a > b ? 1f : 0f;
        }
    },
    GE {
        @Override
        public float apply(float a, float b) {
            return a >= b ? 1f : 0f;
        }
    };

    /** The function at one point: the scalar reference for the vectorised kernels. */
    public abstract float apply(float a, float b);
}
