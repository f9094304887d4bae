// A kernel that cannot build, for the test of build-failure reports.
__kernel void broken(__global float* out) {
    out[0] = undeclared_name;
}
