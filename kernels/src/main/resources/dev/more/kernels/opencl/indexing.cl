// Row selection and its backward, gather and its backward; every accumulation runs in the CPU kernels'
// order. Gather indices are floats on the device, which the host does not read back to check: an
// index that is not a whole number in [0, extent) gives NaN in gather and adds nothing in scatter.

inline bool valid_index(float v, int extent) {
    return v == floor(v) && v >= 0.0f && v < (float) extent;
}

// out[i, :] = x[base + indices[i] * rowLength + :]
__kernel void index_select_rows(__global const float* x, int base, int rowLength, __global const int* indices,
                                int count, __global float* out) {
    int j = get_global_id(0);
    int i = get_global_id(1);
    if (j < rowLength && i < count) {
        out[(long) i * rowLength + j] = x[base + (long) indices[i] * rowLength + j];
    }
}

// Target row targets[t] accumulates the source rows sources[starts[t] .. starts[t+1]-1] (ascending, as
// the CPU adds them); rows no index names stay as the zeros the buffer was filled with.
__kernel void index_add_rows(__global const float* src, int base, int rowLength, __global const int* targets,
                             __global const int* starts, __global const int* sources, int targetCount,
                             __global float* out) {
    int j = get_global_id(0);
    int t = get_global_id(1);
    if (j >= rowLength || t >= targetCount) {
        return;
    }
    float acc = 0.0f;
    for (int i = starts[t]; i < starts[t + 1]; i++) {
        acc += src[base + (long) sources[i] * rowLength + j];
    }
    out[(long) targets[t] * rowLength + j] += acc;
}

// out[pos] = x[pos with pos[dim] replaced by index[pos]], pos over the index's shape s
__kernel void gather_dim(Shape s, int dim, int extent, View vx, __global const float* x, View vi,
                         __global const float* index, __global float* out, int n) {
    int e = get_global_id(0);
    if (e >= n) {
        return;
    }
    int xo = vx.offset;
    int io = vi.offset;
    int rest = e;
    int coords[MAX_RANK];
    for (int d = s.rank - 1; d >= 0; d--) {
        coords[d] = rest % s.dims[d];
        rest /= s.dims[d];
        io += coords[d] * vi.strides[d];
    }
    float picked = index[io];
    if (!valid_index(picked, extent)) {
        out[e] = NAN;
        return;
    }
    for (int d = 0; d < s.rank; d++) {
        xo += (d == dim ? (int) picked : coords[d]) * vx.strides[d];
    }
    out[e] = x[xo];
}

// out (contiguous, shape so) = zeros plus src[pos] at pos with pos[dim] replaced by index[pos], for pos
// over the index's shape si. One work-item per output element scans the index along dim in order.
__kernel void scatter_add_dim(Shape so, Shape si, int dim, View vs, __global const float* src, View vi,
                              __global const float* index, __global float* out, int n) {
    int e = get_global_id(0);
    if (e >= n) {
        return;
    }
    int coords[MAX_RANK];
    int rest = e;
    for (int d = so.rank - 1; d >= 0; d--) {
        coords[d] = rest % so.dims[d];
        rest /= so.dims[d];
    }
    int so0 = vs.offset;
    int io0 = vi.offset;
    for (int d = 0; d < so.rank; d++) {
        if (d != dim) {
            if (coords[d] >= si.dims[d]) {
                out[e] = 0.0f;
                return;
            }
            so0 += coords[d] * vs.strides[d];
            io0 += coords[d] * vi.strides[d];
        }
    }
    float acc = 0.0f;
    for (int t = 0; t < si.dims[dim]; t++) {
        float picked = index[io0 + t * vi.strides[dim]];
        if (valid_index(picked, so.dims[dim]) && (int) picked == coords[dim]) {
            acc += src[so0 + t * vs.strides[dim]];
        }
    }
    out[e] = acc;
}
