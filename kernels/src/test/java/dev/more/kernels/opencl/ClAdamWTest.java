package dev.more.kernels.opencl;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClAdamWTest {
    private final ClRuntime rt = ClTestDevice.runtime();

    /**
     * The step as the CPU composes it from tensor ops, one rounding per op. With correctly rounded
     * division and square root the device does the same operations and must agree bit for bit;
     * without them OpenCL allows 2.5 ulp for division and 3 for sqrt, so a few ulp of the parameter.
     */
    @Test
    void matchesTheCpuStepOperationByOperation() {
        Random random = new Random(23);
        int n = 1003;
        float[] p = Twins.random(random, n, -1, 1);
        float[] g = Twins.random(random, n, -1, 1);
        float[] m = Twins.random(random, n, -0.1f, 0.1f);
        float[] v = Twins.random(random, n, 0, 0.01f);
        ClAdamW.Step s = new ClAdamW.Step(
                (float) (1 - 1e-3 * 0.01),
                0.9f,
                (float) (1 - 0.9),
                0.999f,
                (float) (1 - 0.999),
                (float) (-1e-3 / (1 - Math.pow(0.9, 3))),
                (float) Math.sqrt(1 - Math.pow(0.999, 3)),
                1e-8f);
        float[] pe = new float[n];
        float[] me = new float[n];
        float[] ve = new float[n];
        for (int i = 0; i < n; i++) {
            float pi = p[i] * s.decay();
            me[i] = m[i] * s.beta1() + g[i] * s.oneMinusBeta1();
            ve[i] = v[i] * s.beta2() + (g[i] * s.oneMinusBeta2()) * g[i];
            float denominator = (float) Math.sqrt(ve[i]) / s.sqrtCorrection2() + s.eps();
            pe[i] = pi + (me[i] * s.negStepSize()) / denominator;
        }
        ClBuffer[] out = ClAdamW.update(rt, rt.upload(p), rt.upload(g), rt.upload(m), rt.upload(v), n, s);
        double ulps = rt.info().correctlyRoundedDivideSqrt() ? 0 : 8 * Twins.UNIT_ROUNDOFF;
        Twins.close("p", pe, rt.download(out[0], 0, n), 0, ulps);
        Twins.exact("m", me, rt.download(out[1], 0, n));
        Twins.exact("v", ve, rt.download(out[2], 0, n));
    }
}
