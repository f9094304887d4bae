package dev.more.kernels.opencl;

import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The device the OpenCL tests run on: {@code opencl:N} from the system property
 * {@code more.opencl.device} (default 0). The tests skip only when no OpenCL library can be loaded at
 * all, and say so; a library without a platform is a failure, since CI installs PoCL.
 */
final class ClTestDevice {
    private ClTestDevice() {}

    static ClRuntime runtime() {
        devices();
        return ClRuntime.get(Integer.getInteger("more.opencl.device", 0));
    }

    /** Every OpenCL device, after the same skip check as {@link #runtime()}. */
    static List<ClDeviceInfo> devices() {
        Assumptions.assumeTrue(ClPlatforms.skipReason() == null, ClPlatforms::skipReason);
        return ClPlatforms.devices();
    }
}
