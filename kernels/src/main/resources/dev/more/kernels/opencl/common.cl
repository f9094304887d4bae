// Shared by every program of the OpenCL backend (prepended to each .cl file before it is built).
// Contraction of a*b+c into fma is off so that each elementwise op rounds as the CPU kernels do.
#pragma OPENCL FP_CONTRACT OFF

#define MAX_RANK 8

// A shape of up to MAX_RANK dimensions; rank 0 is a single element.
typedef struct {
    int rank;
    int dims[MAX_RANK];
} Shape;

// Where the elements of a strided view are: offset + sum of index[d] * strides[d], in elements.
typedef struct {
    int offset;
    int strides[MAX_RANK];
} View;

// The position in view v of the element with row-major index i of shape s.
inline int view_offset(const Shape* s, const View* v, int i) {
    int off = v->offset;
    for (int d = s->rank - 1; d >= 0; d--) {
        int n = s->dims[d];
        off += (i % n) * v->strides[d];
        i /= n;
    }
    return off;
}

// Reduces one float per work-item of a 1-D work-group (size a power of two) to their sum in scratch[0].
inline float group_sum(__local float* scratch, float value) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    scratch[lid] = value;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = size / 2; span > 0; span /= 2) {
        if (lid < span) {
            scratch[lid] += scratch[lid + span];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float total = scratch[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}

// The maximum of one float per work-item (NaN wins, as the CPU's Math.max); result for every item.
inline float group_max(__local float* scratch, float value) {
    int lid = get_local_id(0);
    int size = get_local_size(0);
    scratch[lid] = value;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = size / 2; span > 0; span /= 2) {
        if (lid < span) {
            float a = scratch[lid];
            float b = scratch[lid + span];
            scratch[lid] = (isnan(a) || isnan(b)) ? a + b : fmax(a, b);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    float total = scratch[0];
    barrier(CLK_LOCAL_MEM_FENCE);
    return total;
}

inline float java_max(float a, float b) {
    return (isnan(a) || isnan(b)) ? a + b : fmax(a, b);
}
