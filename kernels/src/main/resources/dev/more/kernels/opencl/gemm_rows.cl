// The product of gemm.cl for CPU devices (PoCL), whose work-items are not threads sharing local
// memory but iterations of a loop on one core: no tiles, no barriers; each work-item keeps RM rows by
// 16 columns of C in float16 registers (one AVX-512 register, or two AVX2 ones, per row) and streams
// A and B from the cache. The arguments are gemm's without bcs: B's rows must be contiguous, and the
// host copies B first when they are not.
__kernel void gemm_rows(int m, int n, int k, Shape batch, View va, __global const float* a, int ars, int acs,
                        View vb, __global const float* b, int brs, __global const float* bias, int hasBias,
                        __global float* c) {
    int c0 = get_global_id(0) * 16;
    int r0 = get_global_id(1) * RM;
    int entry = get_global_id(2);
    if (c0 >= n || r0 >= m) {
        return;
    }
    __global const float* ab = a + view_offset(&batch, &va, entry);
    __global const float* bb = b + view_offset(&batch, &vb, entry);
    __global float* ce = c + (long) entry * m * n;
    if (c0 + 16 <= n && r0 + RM <= m) {
        float16 acc[RM];
        for (int i = 0; i < RM; i++) {
            acc[i] = (float16) 0.0f;
        }
        for (int kk = 0; kk < k; kk++) {
            float16 bv = vload16(0, bb + kk * brs + c0);
            for (int i = 0; i < RM; i++) {
                acc[i] = fma((float16) ab[(r0 + i) * ars + kk * acs], bv, acc[i]);
            }
        }
        float16 shift = hasBias ? vload16(0, bias + c0) : (float16) 0.0f;
        for (int i = 0; i < RM; i++) {
            vstore16(acc[i] + shift, 0, ce + (long) (r0 + i) * n + c0);
        }
        return;
    }
    // the ragged edge: fewer than 16 columns or RM rows left
    for (int i = r0; i < min(r0 + RM, m); i++) {
        for (int j = c0; j < min(c0 + 16, n); j++) {
            float acc = 0.0f;
            for (int kk = 0; kk < k; kk++) {
                acc = fma(ab[i * ars + kk * acs], bb[kk * brs + j], acc);
            }
            ce[(long) i * n + j] = hasBias ? acc + bias[j] : acc;
        }
    }
}
