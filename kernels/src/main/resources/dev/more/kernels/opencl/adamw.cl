// One AdamW step over contiguous p, g, m, v, in PyTorch's order of float operations (see the Java
// AdamW): every product and sum is rounded as the CPU's separate tensor ops round it.
__kernel void adamw_update(__global const float* p, __global const float* g, __global const float* m,
                           __global const float* v, int n, float decay, float beta1, float oneMinusBeta1,
                           float beta2, float oneMinusBeta2, float negStepSize, float sqrtCorrection2, float eps,
                           __global float* pOut, __global float* mOut, __global float* vOut) {
    int i = get_global_id(0);
    if (i >= n) {
        return;
    }
    float gi = g[i];
    float pi = p[i] * decay;
    float mi = m[i] * beta1 + gi * oneMinusBeta1;
    float vi = v[i] * beta2 + (gi * oneMinusBeta2) * gi;
    float denominator = sqrt(vi) / sqrtCorrection2 + eps;
    pOut[i] = pi + (mi * negStepSize) / denominator;
    mOut[i] = mi;
    vOut[i] = vi;
}
