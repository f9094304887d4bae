// Elementwise ops over strided views with broadcasting (stride 0). The op codes UNARY_* and
// BINARY_* are defined at build time from the Java enums, so they cannot drift apart.

inline float unary_apply(int op, float x) {
    switch (op) {
        case UNARY_NEG: return -x;
        case UNARY_ABS: return fabs(x);
        case UNARY_EXP: return exp(x);
        case UNARY_LOG: return log(x);
        case UNARY_SQRT: return sqrt(x);
        case UNARY_TANH: return tanh(x);
        case UNARY_ERF: return erf(x);
        case UNARY_GELU: return 0.5f * x * (1.0f + erf(x * M_SQRT1_2_F));
        case UNARY_GELU_DERIVATIVE: {
            float cdf = 0.5f * (1.0f + erf(x * M_SQRT1_2_F));
            float pdf = exp(-0.5f * x * x) * (M_2_SQRTPI_F * M_SQRT1_2_F * 0.5f);
            return cdf + x * pdf;
        }
        case UNARY_RELU: return x > 0.0f ? x : 0.0f;
        case UNARY_SIGMOID: return 1.0f / (1.0f + exp(-x));
        default: return NAN;
    }
}

inline float binary_apply(int op, float a, float b) {
    switch (op) {
        case BINARY_ADD: return a + b;
        case BINARY_SUB: return a - b;
        case BINARY_MUL: return a * b;
        case BINARY_DIV: return a / b;
        case BINARY_POW: return pow(a, b);
        case BINARY_MAXIMUM: return java_max(a, b);
        case BINARY_MINIMUM: return (isnan(a) || isnan(b)) ? a + b : fmin(a, b);
        case BINARY_EQ: return a == b ? 1.0f : 0.0f;
        case BINARY_NE: return a != b ? 1.0f : 0.0f;
        case BINARY_LT: return a < b ? 1.0f : 0.0f;
        case BINARY_LE: return a <= b ? 1.0f : 0.0f;
        case BINARY_GT: return a > b ? 1.0f : 0.0f;
        case BINARY_GE: return a >= b ? 1.0f : 0.0f;
        default: return NAN;
    }
}

__kernel void unary(int op, Shape s, View vx, __global const float* x, __global float* out, int n) {
    int i = get_global_id(0);
    if (i < n) {
        out[i] = unary_apply(op, x[view_offset(&s, &vx, i)]);
    }
}

__kernel void binary(int op, Shape s, View va, __global const float* a, View vb, __global const float* b,
                     __global float* out, int n) {
    int i = get_global_id(0);
    if (i < n) {
        out[i] = binary_apply(op, a[view_offset(&s, &va, i)], b[view_offset(&s, &vb, i)]);
    }
}

__kernel void select_where(Shape s, View vc, __global const float* c, View va, __global const float* a,
                           View vb, __global const float* b, __global float* out, int n) {
    int i = get_global_id(0);
    if (i < n) {
        out[i] = c[view_offset(&s, &vc, i)] != 0.0f ? a[view_offset(&s, &va, i)] : b[view_offset(&s, &vb, i)];
    }
}

// dst view = src view, element by element (a contiguous copy when dst is contiguous from 0).
__kernel void copy_view(Shape s, View vsrc, __global const float* src, View vdst, __global float* dst, int n) {
    int i = get_global_id(0);
    if (i < n) {
        dst[view_offset(&s, &vdst, i)] = src[view_offset(&s, &vsrc, i)];
    }
}
