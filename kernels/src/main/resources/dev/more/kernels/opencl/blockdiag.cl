// The unfused pieces of a Monarch/MoRe product in the official layout, one work-item per result
// element: x (rows, k*p) times k blocks w (k, q, p) gives y (rows, k*q), with both backward products,
// and the row transpose (a, b) -> (b, a) that is the Monarch permutation.

// y[r, j*q + s] = sum_t w[j, s, t] * x[r, j*p + t]
__kernel void blockdiag_forward(__global const float* x, int rows, int k, int p, int q, __global const float* w,
                                __global float* y) {
    int col = get_global_id(0);
    int r = get_global_id(1);
    if (col >= k * q || r >= rows) {
        return;
    }
    int j = col / q;
    int s = col % q;
    __global const float* xr = x + (long) r * k * p + j * p;
    __global const float* wr = w + ((long) j * q + s) * p;
    float acc = 0.0f;
    for (int t = 0; t < p; t++) {
        acc = fma(wr[t], xr[t], acc);
    }
    y[(long) r * k * q + col] = acc;
}

// dx[r, j*p + t] = sum_s dy[r, j*q + s] * w[j, s, t]
__kernel void blockdiag_backward_input(__global const float* dy, int rows, int k, int p, int q,
                                       __global const float* w, __global float* dx) {
    int col = get_global_id(0);
    int r = get_global_id(1);
    if (col >= k * p || r >= rows) {
        return;
    }
    int j = col / p;
    int t = col % p;
    __global const float* dr = dy + (long) r * k * q + j * q;
    float acc = 0.0f;
    for (int s = 0; s < q; s++) {
        acc = fma(dr[s], w[((long) j * q + s) * p + t], acc);
    }
    dx[(long) r * k * p + col] = acc;
}

// dw[j, s, t] = sum_r dy[r, j*q + s] * x[r, j*p + t], rows in order
__kernel void blockdiag_backward_weight(__global const float* dy, __global const float* x, int rows, int k, int p,
                                        int q, __global float* dw) {
    int e = get_global_id(0);
    if (e >= k * q * p) {
        return;
    }
    int j = e / (q * p);
    int s = (e / p) % q;
    int t = e % p;
    float acc = 0.0f;
    for (int r = 0; r < rows; r++) {
        acc = fma(dy[(long) r * k * q + j * q + s], x[(long) r * k * p + j * p + t], acc);
    }
    dw[e] = acc;
}

// dst[r, j*a + i] = src[r, i*b + j]
__kernel void transpose_rows(__global const float* src, int rows, int a, int b, __global float* dst) {
    int e = get_global_id(0);
    int r = get_global_id(1);
    if (e >= a * b || r >= rows) {
        return;
    }
    int i = e / b;
    int j = e % b;
    dst[(long) r * a * b + j * a + i] = src[(long) r * a * b + e];
}
