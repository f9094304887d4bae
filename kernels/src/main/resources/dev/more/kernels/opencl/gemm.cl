// C = A * B (+ bias per column), batched, over strided A (m x k, strides ars/acs) and B (k x n,
// strides brs/bcs): a transpose is a swap of strides, so every transpose variant is this kernel.
// The batch index (third global dimension) walks shape `batch` with views va/vb giving each
// operand's start (stride 0 where broadcast); C is contiguous, m x n per batch entry.
// A work-group of LS x LS work-items (LS = TILE / WPT) computes a TILE x TILE block of C: tiles of
// A and B, TSK deep, are staged in local memory and each work-item accumulates WPT x WPT results in
// registers. TILE, WPT and TSK are set at build time from the device's work-group limits.
// gemm_rows.cl holds the variant for CPU devices.

#define LS (TILE / WPT)

__kernel void gemm(int m, int n, int k, Shape batch, View va, __global const float* a, int ars, int acs,
                   View vb, __global const float* b, int brs, int bcs, __global const float* bias, int hasBias,
                   __global float* c) {
    __local float as[TSK][TILE];
    __local float bs[TSK][TILE];
    int tx = get_local_id(0);
    int ty = get_local_id(1);
    int col0 = get_group_id(0) * TILE;
    int row0 = get_group_id(1) * TILE;
    int entry = get_global_id(2);
    int aBase = view_offset(&batch, &va, entry);
    int bBase = view_offset(&batch, &vb, entry);
    int tid = ty * LS + tx;
    float acc[WPT][WPT];
    for (int i = 0; i < WPT; i++) {
        for (int j = 0; j < WPT; j++) {
            acc[i][j] = 0.0f;
        }
    }
    for (int t = 0; t < k; t += TSK) {
        for (int e = tid; e < TILE * TSK; e += LS * LS) {
            int r = e / TSK;
            int ka = t + e % TSK;
            int gr = row0 + r;
            as[e % TSK][r] = (gr < m && ka < k) ? a[aBase + gr * ars + ka * acs] : 0.0f;
            int cc = e % TILE;
            int kb = t + e / TILE;
            int gc = col0 + cc;
            bs[e / TILE][cc] = (gc < n && kb < k) ? b[bBase + kb * brs + gc * bcs] : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TSK; kk++) {
            float bv[WPT];
            for (int j = 0; j < WPT; j++) {
                bv[j] = bs[kk][tx + j * LS];
            }
            for (int i = 0; i < WPT; i++) {
                float av = as[kk][ty + i * LS];
                for (int j = 0; j < WPT; j++) {
                    acc[i][j] = fma(av, bv[j], acc[i][j]);
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    __global float* ce = c + (long) entry * m * n;
    for (int i = 0; i < WPT; i++) {
        int r = row0 + ty + i * LS;
        for (int j = 0; j < WPT; j++) {
            int cc = col0 + tx + j * LS;
            if (r < m && cc < n) {
                ce[(long) r * n + cc] = hasBias ? acc[i][j] + bias[cc] : acc[i][j];
            }
        }
    }
}
