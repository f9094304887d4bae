package dev.more.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClPlatformsTest {
    @Test
    void numbersGpusBeforeCpuDevicesKeepingEachGroupsOrder() {
        // As on a machine whose first platform is PoCL and whose second is a GPU driver with two cards.
        List<ClPlatforms.Found> scanned = List.of(
                found("PoCL", "cpu-skylake", true),
                found("CUDA", "GPU A", false),
                found("CUDA", "GPU B", false),
                found("Other CPU", "cpu-2", true));

        List<ClDeviceInfo> numbered = ClPlatforms.numbered(scanned).stream()
                .map(ClPlatforms.Found::info)
                .toList();

        assertThat(numbered).extracting(ClDeviceInfo::name).containsExactly("GPU A", "GPU B", "cpu-skylake", "cpu-2");
        assertThat(numbered).extracting(ClDeviceInfo::index).containsExactly(0, 1, 2, 3);
        assertThat(numbered.get(2).describe()).startsWith("opencl:2 cpu-skylake (vendor, PoCL)");
    }

    @Test
    void theDevicesInUseAreNumberedByTheirPlaceInTheList() {
        List<ClDeviceInfo> devices = ClTestDevice.devices();
        for (int i = 0; i < devices.size(); i++) {
            assertThat(devices.get(i).index()).isEqualTo(i);
        }
        assertThat(devices).extracting(ClDeviceInfo::cpu).isSortedAccordingTo(Boolean::compare);
    }

    private static ClPlatforms.Found found(String platform, String name, boolean cpu) {
        return new ClPlatforms.Found(
                new ClDeviceInfo(-1, platform, name, "vendor", 4, 1L << 30, 1L << 28, 1L << 15, 256, true, cpu),
                null,
                null);
    }
}
