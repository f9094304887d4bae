package dev.more.kernels.opencl;

/**
 * What the runtime needs to know about one OpenCL device, read once at discovery.
 *
 * @param index the device's position in the list {@link ClPlatforms#devices()} returns ({@code opencl:N})
 * @param platform the platform's name
 * @param name the device's name
 * @param vendor the device's vendor
 * @param computeUnits {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param globalMemBytes {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param maxAllocBytes {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}
 * @param localMemBytes {@code CL_DEVICE_LOCAL_MEM_SIZE}
 * @param maxWorkGroupSize {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param correctlyRoundedDivideSqrt whether the device offers correctly rounded float division and sqrt
 *     ({@code CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT}), which the kernels then ask for
 * @param cpu whether the device is a CPU ({@code CL_DEVICE_TYPE_CPU}, e.g. PoCL), whose work-items are
 *     SIMD lanes of a core rather than threads sharing local memory
 */
public record ClDeviceInfo(
        int index,
        String platform,
        String name,
        String vendor,
        int computeUnits,
        long globalMemBytes,
        long maxAllocBytes,
        long localMemBytes,
        long maxWorkGroupSize,
        boolean correctlyRoundedDivideSqrt,
        boolean cpu) {
    /** The same device under another number. */
    public ClDeviceInfo withIndex(int newIndex) {
        return new ClDeviceInfo(
                newIndex,
                platform,
                name,
                vendor,
                computeUnits,
                globalMemBytes,
                maxAllocBytes,
                localMemBytes,
                maxWorkGroupSize,
                correctlyRoundedDivideSqrt,
                cpu);
    }

    /** One line for the log: name, vendor, compute units, memory. */
    public String describe() {
        return "opencl:" + index + " " + name + " (" + vendor + ", " + platform + "), " + computeUnits
                + " compute units, " + (globalMemBytes >> 20) + " MiB global memory, " + (localMemBytes >> 10)
                + " KiB local memory, work groups up to " + maxWorkGroupSize;
    }
}
