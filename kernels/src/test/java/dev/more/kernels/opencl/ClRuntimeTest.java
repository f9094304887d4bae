package dev.more.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClRuntimeTest {
    private final ClRuntime rt = ClTestDevice.runtime();

    @Test
    void describesTheDevice() {
        ClDeviceInfo info = rt.info();
        assertThat(info.computeUnits()).isPositive();
        assertThat(info.maxWorkGroupSize()).isPositive();
        assertThat(info.describe()).startsWith("opencl:" + info.index() + " " + info.name());
        assertThat(ClPlatforms.devices()).contains(info);
    }

    @Test
    void uploadsAndDownloads() {
        float[] data = {1f, -2.5f, Float.NaN, Float.MAX_VALUE, -0f};
        ClBuffer b = rt.upload(data);
        assertThat(b.length()).isEqualTo(5);
        assertThat(rt.download(b, 0, 5)).containsExactly(data);
        assertThat(rt.download(b, 1, 2)).containsExactly(-2.5f, Float.NaN);
        assertThat(rt.download(rt.zeros(3), 0, 3)).containsExactly(0f, 0f, 0f);
        assertThat(rt.download(rt.filled(2, 7f), 0, 2)).containsExactly(7f, 7f);
        assertThat(rt.upload(new float[0]).length()).isZero();
    }

    @Test
    void copiesBetweenBuffers() {
        ClBuffer src = rt.upload(new float[] {1, 2, 3, 4});
        ClBuffer dst = rt.zeros(6);
        rt.copy(src, 1, dst, 2, 3);
        assertThat(rt.download(dst, 0, 6)).containsExactly(0, 0, 2, 3, 4, 0);
    }

    @Test
    void aFailedBuildCarriesTheLog() {
        assertThatThrownBy(() -> rt.kernel("broken.cl", "broken", ""))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("broken.cl did not build")
                .hasMessageContaining("undeclared_name");
    }

    @Test
    void everyKernelBuilds() {
        ClKernels.buildAll(rt);
    }

    @Test
    void aMissingKernelIsNamed() {
        assertThatThrownBy(() -> rt.kernel("blockdiag.cl", "no_such_kernel", ""))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("no_such_kernel");
    }

    @Test
    void anUnknownDeviceIndexIsReported() {
        assertThatThrownBy(() -> ClRuntime.get(ClPlatforms.devices().size()))
                .isInstanceOf(OpenClException.class)
                .hasMessageContaining("there is no OpenCL device");
    }

    @Test
    void unreachableBuffersAreReleased() throws InterruptedException {
        long before = rt.liveBytes();
        for (int i = 0; i < 8; i++) {
            rt.allocate(1 << 20);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rt.liveBytes() > before && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(rt.liveBytes()).isLessThanOrEqualTo(before);
    }

    @Test
    void kernelTimesComeFromProfilingEvents() {
        ClBuffer x = rt.upload(new float[4096]);
        rt.startTiming();
        ClElementwise.unary(rt, dev.more.kernels.UnaryOp.EXP, x, 0, new int[] {1}, new int[] {4096});
        assertThat(rt.stopTiming()).isPositive();
    }
}
