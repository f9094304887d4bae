package dev.more.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SimdTest {
    @Test
    void vectorPathIsTakenWhenTheModuleIsLoaded() {
        // Surefire starts the JVM with --add-modules jdk.incubator.vector; a silent scalar fallback
        // here means every kernel benchmark would measure the wrong code.
        assertThat(ModuleLayer.boot().findModule("jdk.incubator.vector")).isPresent();
        if (System.getProperty(Simd.WIDTH_PROPERTY) == null) {
            assertThat(Simd.enabled()).isTrue();
            assertThat(Simd.floatLanes()).isGreaterThanOrEqualTo(4);
            assertThat(Simd.describe()).startsWith("SIMD " + Simd.bits() + "-bit");
        }
    }
}
