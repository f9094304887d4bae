// Reductions over the trailing dimensions of a strided view: one work-group per result element.
// The kept dimensions (shape kept, view vk, holding the base offset) pick the group's start; the
// reduced dimensions (shape red, view vr, offset 0) are walked by the group's work-items, whose
// partial results are combined in local memory. REDUCE_* codes come from the Java enum.

__kernel void reduce_trailing(int op, Shape kept, View vk, Shape red, View vr, int n, int rows,
                              __global const float* x, __global float* out,
                              __local float* values, __local int* positions) {
    int row = get_group_id(0);
    if (row >= rows) {
        return;
    }
    int lid = get_local_id(0);
    int size = get_local_size(0);
    int base = view_offset(&kept, &vk, row);
    float acc = op == REDUCE_SUM ? 0.0f : -INFINITY;
    int best = n;
    for (int j = lid; j < n; j += size) {
        float v = x[base + view_offset(&red, &vr, j)];
        if (op == REDUCE_SUM) {
            acc += v;
        } else if (op == REDUCE_MAX) {
            acc = java_max(acc, v);
        } else if (best == n || v > acc || (isnan(v) && !isnan(acc))) {
            // argmax: a work-item sees its indices in increasing order, so a tie keeps the first
            acc = v;
            best = j;
        }
    }
    values[lid] = acc;
    positions[lid] = best;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int span = size / 2; span > 0; span /= 2) {
        if (lid < span) {
            float a = values[lid];
            float b = values[lid + span];
            if (op == REDUCE_SUM) {
                values[lid] = a + b;
            } else if (op == REDUCE_MAX) {
                values[lid] = java_max(a, b);
            } else {
                int ia = positions[lid];
                int ib = positions[lid + span];
                bool takeB = ib < n && (ia == n || b > a || (isnan(b) && !isnan(a))
                        || ((b == a || (isnan(a) && isnan(b))) && ib < ia));
                if (takeB) {
                    values[lid] = b;
                    positions[lid] = ib;
                }
            }
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        out[row] = op == REDUCE_ARGMAX ? (float) (positions[0] == n ? 0 : positions[0]) : values[0];
    }
}
