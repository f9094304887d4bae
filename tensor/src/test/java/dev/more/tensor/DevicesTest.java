package dev.more.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.more.kernels.opencl.ClPlatforms;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DevicesTest {
    @AfterEach
    void backToCpu() {
        Devices.use(Device.CPU);
    }

    @Test
    void parsesTheThreeSpellings() {
        assertThat(Devices.parse("cpu")).isEqualTo(Device.CPU);
        assertThat(Devices.parse("OpenCL")).isEqualTo(new Device(Device.Kind.OPENCL, 0));
        assertThat(Devices.parse("opencl:2")).isEqualTo(new Device(Device.Kind.OPENCL, 2));
        for (String bad : new String[] {"gpu", "opencl:", "opencl:-1", "opencl:x", ""}) {
            assertThatThrownBy(() -> Devices.parse(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("is not cpu, opencl or opencl:N");
        }
    }

    @Test
    void choosesTheCpuByDefaultOrWhenAsked() {
        Devices.Choice cpu = Devices.choose("cpu");
        assertThat(cpu.device()).isEqualTo(Device.CPU);
        assertThat(cpu.message()).isEqualTo("device: cpu");
        assertThat(Devices.current()).isEqualTo(Device.CPU);
    }

    @Test
    void anUnusableOpenClDeviceFallsBackToTheCpuSayingWhy() {
        Devices.Choice choice = Devices.choose("opencl:999");
        assertThat(choice.device()).isEqualTo(Device.CPU);
        assertThat(choice.message())
                .startsWith("device: cpu (opencl:999 is unavailable: ")
                .doesNotContain("\n");
        assertThat(Devices.current()).isEqualTo(Device.CPU);
    }

    @Test
    void opensAnOpenClDeviceAndDescribesIt() {
        org.junit.jupiter.api.Assumptions.assumeTrue(ClPlatforms.skipReason() == null, ClPlatforms::skipReason);
        Devices.Choice choice = Devices.choose("opencl");
        assertThat(choice.device()).isEqualTo(new Device(Device.Kind.OPENCL, 0));
        assertThat(choice.message())
                .startsWith("device: opencl:0 ")
                .contains("compute units")
                .contains("MiB");
        assertThat(Devices.current()).isEqualTo(choice.device());
        assertThat(Devices.backend(choice.device()).device()).isEqualTo(choice.device());
    }

    @Test
    void theCpuAdamWStepEqualsTheUnfusedTensorExpressionBitForBit() {
        Rng rng = new Rng(5);
        Tensor p = Tensor.uniform(rng, -1, 1, 257);
        Tensor g = Tensor.uniform(rng, -1, 1, 257);
        Tensor m = Tensor.uniform(rng, -0.1f, 0.1f, 257);
        Tensor v = Tensor.uniform(rng, 0, 0.01f, 257);
        AdamWStep s = new AdamWStep(0.99999f, 0.9f, 0.1f, 0.999f, 0.001f, -0.0123f, 0.0316f, 1e-8f);
        Tensor[] fused = OptimizerOps.adamW(p, g, m, v, s);
        Tensor m2 = m.mul(s.beta1()).add(g.mul(s.oneMinusBeta1()));
        Tensor v2 = v.mul(s.beta2()).add(g.mul(s.oneMinusBeta2()).mul(g));
        Tensor p2 = p.mul(s.decay())
                .add(m2.mul(s.negStepSize())
                        .div(v2.sqrt().div(s.sqrtCorrection2()).add(s.eps())));
        assertThat(fused[0].toArray()).containsExactly(p2.toArray());
        assertThat(fused[1].toArray()).containsExactly(m2.toArray());
        assertThat(fused[2].toArray()).containsExactly(v2.toArray());
    }
}
