// Layer norm over contiguous rows of n (biased variance), forward and backward. One work-group per
// row; the parameter gradients sum over rows in a second kernel, one work-item per column, rows in
// order, from the per-row statistics the first kernel stores.

inline float2 row_stats(__global const float* xr, int n, float eps, __local float* scratch) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    float s = 0.0f;
    for (int i = lid; i < n; i += size) {
        s += xr[i];
    }
    float mean = group_sum(scratch, s) / n;
    float q = 0.0f;
    for (int i = lid; i < n; i += size) {
        float d = xr[i] - mean;
        q += d * d;
    }
    float var = group_sum(scratch, q) / n;
    return (float2) (mean, 1.0f / sqrt(var + eps));
}

__kernel void layernorm_rows(__global const float* x, int xoff, int n, __global const float* gamma, int hasGamma,
                             __global const float* beta, int hasBeta, float eps, __global float* out,
                             __local float* scratch) {
    int row = get_group_id(0);
    int lid = get_local_id(0);
    int size = get_local_size(0);
    __global const float* xr = x + xoff + (long) row * n;
    float2 st = row_stats(xr, n, eps, scratch);
    for (int i = lid; i < n; i += size) {
        float y = (xr[i] - st.x) * st.y;
        if (hasGamma) {
            y *= gamma[i];
        }
        if (hasBeta) {
            y += beta[i];
        }
        out[(long) row * n + i] = y;
    }
}

// dx = rstd * (g - mean(g) - xhat * mean(g * xhat)), g = dy * gamma; stores (mean, rstd) per row.
__kernel void layernorm_backward_rows(__global const float* x, int xoff, int n, __global const float* gamma,
                                      int hasGamma, float eps, __global const float* dy, int dyoff,
                                      __global float* dx, __global float* stats, __local float* scratch) {
    int row = get_group_id(0);
    int lid = get_local_id(0);
    int size = get_local_size(0);
    __global const float* xr = x + xoff + (long) row * n;
    __global const float* dr = dy + dyoff + (long) row * n;
    float2 st = row_stats(xr, n, eps, scratch);
    float sg = 0.0f;
    float sgx = 0.0f;
    for (int i = lid; i < n; i += size) {
        float g = hasGamma ? dr[i] * gamma[i] : dr[i];
        sg += g;
        sgx += g * ((xr[i] - st.x) * st.y);
    }
    float meanG = group_sum(scratch, sg) / n;
    float meanGX = group_sum(scratch, sgx) / n;
    for (int i = lid; i < n; i += size) {
        float g = hasGamma ? dr[i] * gamma[i] : dr[i];
        float xhat = (xr[i] - st.x) * st.y;
        dx[(long) row * n + i] = st.y * (g - meanG - xhat * meanGX);
    }
    if (lid == 0) {
        stats[2 * row] = st.x;
        stats[2 * row + 1] = st.y;
    }
}

__kernel void layernorm_param_grads(__global const float* x, int xoff, __global const float* dy, int dyoff,
                                    __global const float* stats, int rows, int n, __global float* dgamma,
                                    int wantGamma, __global float* dbeta, int wantBeta) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    float sg = 0.0f;
    float sb = 0.0f;
    for (int r = 0; r < rows; r++) {
        float d = dy[dyoff + (long) r * n + i];
        float xhat = (x[xoff + (long) r * n + i] - stats[2 * r]) * stats[2 * r + 1];
        sg = fma(d, xhat, sg);
        sb += d;
    }
    if (wantGamma) {
        dgamma[i] = sg;
    }
    if (wantBeta) {
        dbeta[i] = sb;
    }
}
