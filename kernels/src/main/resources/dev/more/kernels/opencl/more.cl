// The fused MoRe product and its backward (see MoReShape for the index names). A work-group takes a
// tile of `tileRows` rows of x (row-major, `in` wide) and keeps their intermediate h (tile x k*blkR,
// before the middle permutation) in local memory: x is read once, both permutations are index
// arithmetic, and the output is written once. Padding columns of x (past `in`) count as zeros and
// output columns past `out` are never formed.

// h[m] for m = j*blkR + q: sum over the block's columns of blkdiag1[j, q, t] * x[j*inBlk + t]
inline float more_h(__global const float* xr, __global const float* w1, int m, int in, int inBlk, int blkR) {
    int j = m / blkR;
    int len = min(inBlk, in - j * inBlk);
    __global const float* xb = xr + j * inBlk;
    __global const float* wb = w1 + (long) m * inBlk;
    float acc = 0.0f;
    for (int t = 0; t < len; t++) {
        acc = fma(wb[t], xb[t], acc);
    }
    return acc;
}

__kernel void more_forward(__global const float* x, int xoff, int rows, int in, int out, int k, int inBlk, int blkR,
                           int outBlk, __global const float* w1, __global const float* w2, __global float* y,
                           __global float* middle, int keepMiddle, int tileRows, __local float* mid) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    int row0 = get_group_id(0) * tileRows;
    int tr = min(tileRows, rows - row0);
    int mw = k * blkR;
    for (int e = lid; e < tr * mw; e += size) {
        int rr = e / mw;
        int m = e % mw;
        float h = more_h(x + xoff + (long) (row0 + rr) * in, w1, m, in, inBlk, blkR);
        mid[e] = h;
        if (keepMiddle) {
            middle[(long) (row0 + rr) * mw + m] = h;
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int e = lid; e < tr * out; e += size) {
        int rr = e / out;
        int c = e % out;
        int l = c % k;
        int s = c / k;
        __global const float* wr = w2 + ((long) l * outBlk + s) * blkR;
        float acc = 0.0f;
        for (int r = 0; r < blkR; r++) {
            acc = fma(wr[r], mid[rr * mw + r * k + l], acc);
        }
        y[(long) (row0 + rr) * out + c] = acc;
    }
}

// dx for the tile, and this tile's share of d blkdiag1 and d blkdiag2 (summed over its rows) written
// to partial1/partial2 at the group's slot; more_sum_partials adds the groups' shares in order.
__kernel void more_backward(__global const float* x, int xoff, __global const float* dOut, int doff, int rows,
                            int in, int out, int k, int inBlk, int blkR, int outBlk, __global const float* w1,
                            __global const float* w2, __global const float* middle, int hasMiddle,
                            __global float* dx, int needDx, __global float* partial1, __global float* partial2,
                            int tileRows, __local float* mid, __local float* dh) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    int group = get_group_id(0);
    int row0 = group * tileRows;
    int tr = min(tileRows, rows - row0);
    int mw = k * blkR;
    for (int e = lid; e < tr * mw; e += size) {
        int rr = e / mw;
        int m = e % mw;
        long row = row0 + rr;
        mid[e] = hasMiddle ? middle[row * mw + m] : more_h(x + xoff + row * in, w1, m, in, inBlk, blkR);
        // dh[m] for m = r*k + l: sum over s of blkdiag2[l, s, r] * dOut[s*k + l]
        int r = m / k;
        int l = m % k;
        float acc = 0.0f;
        for (int s = 0; s < outBlk && s * k + l < out; s++) {
            acc = fma(w2[((long) l * outBlk + s) * blkR + r], dOut[doff + row * out + s * k + l], acc);
        }
        dh[e] = acc;
    }
    barrier(CLK_LOCAL_MEM_FENCE);
    if (needDx) {
        for (int e = lid; e < tr * in; e += size) {
            int rr = e / in;
            int col = e % in;
            int j = col / inBlk;
            int t = col % inBlk;
            float acc = 0.0f;
            for (int q = 0; q < blkR; q++) {
                acc = fma(w1[((long) j * blkR + q) * inBlk + t], dh[rr * mw + j * blkR + q], acc);
            }
            dx[(long) (row0 + rr) * in + col] = acc;
        }
    }
    int size2 = k * outBlk * blkR;
    for (int e = lid; e < size2; e += size) {
        int l = e / (outBlk * blkR);
        int s = (e / blkR) % outBlk;
        int r = e % blkR;
        int c = s * k + l;
        float acc = 0.0f;
        if (c < out) {
            for (int rr = 0; rr < tr; rr++) {
                acc = fma(dOut[doff + (long) (row0 + rr) * out + c], mid[rr * mw + r * k + l], acc);
            }
        }
        partial2[(long) group * size2 + e] = acc;
    }
    int size1 = k * blkR * inBlk;
    for (int e = lid; e < size1; e += size) {
        int m = e / inBlk;
        int t = e % inBlk;
        int col = (m / blkR) * inBlk + t;
        float acc = 0.0f;
        if (col < in) {
            for (int rr = 0; rr < tr; rr++) {
                acc = fma(dh[rr * mw + m], x[xoff + (long) (row0 + rr) * in + col], acc);
            }
        }
        partial1[(long) group * size1 + e] = acc;
    }
}

// out[e] = sum over groups g (in order) of partial[g * size + e]
__kernel void more_sum_partials(__global const float* partial, int groups, int size, __global float* out) {
    int e = get_global_id(0);
    if (e >= size) {
        return;
    }
    float acc = 0.0f;
    for (int g = 0; g < groups; g++) {
        acc += partial[(long) g * size + e];
    }
    out[e] = acc;
}
