// Softmax and log-softmax over contiguous rows of n, and their backward: one work-group per row.

__kernel void softmax_rows(__global const float* x, int xoff, int n, int logarithm, __global float* out,
                           __local float* scratch) {
    int row = get_group_id(0);
    int lid = get_local_id(0);
    int size = get_local_size(0);
    __global const float* xr = x + xoff + (long) row * n;
    __global float* yr = out + (long) row * n;
    float m = -INFINITY;
    for (int i = lid; i < n; i += size) {
        m = java_max(m, xr[i]);
    }
    m = group_max(scratch, m);
    float s = 0.0f;
    for (int i = lid; i < n; i += size) {
        s += exp(xr[i] - m);
    }
    s = group_sum(scratch, s);
    if (logarithm) {
        float shift = m + log(s);
        for (int i = lid; i < n; i += size) {
            yr[i] = xr[i] - shift;
        }
    } else {
        float inv = 1.0f / s;
        for (int i = lid; i < n; i += size) {
            yr[i] = exp(xr[i] - m) * inv;
        }
    }
}

// dx = y * (dy - sum(dy * y)) for softmax; dx = dy - exp(y) * sum(dy) for log-softmax.
__kernel void softmax_backward_rows(__global const float* y, int yoff, __global const float* dy, int dyoff, int n,
                                    int logarithm, __global float* dx, __local float* scratch) {
    int row = get_group_id(0);
    int lid = get_local_id(0);
    int size = get_local_size(0);
    __global const float* yr = y + yoff + (long) row * n;
    __global const float* dr = dy + dyoff + (long) row * n;
    __global float* xr = dx + (long) row * n;
    float dot = 0.0f;
    for (int i = lid; i < n; i += size) {
        dot += logarithm ? dr[i] : dr[i] * yr[i];
    }
    dot = group_sum(scratch, dot);
    for (int i = lid; i < n; i += size) {
        xr[i] = logarithm ? dr[i] - exp(yr[i]) * dot : yr[i] * (dr[i] - dot);
    }
}
