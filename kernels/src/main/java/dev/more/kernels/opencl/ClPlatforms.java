package dev.more.kernels.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_MEM_ALLOC_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_VENDOR;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Finds the OpenCL devices of every platform and numbers them: GPUs and other accelerators first, then
 * CPU devices, each group in platform order then device order. So {@code opencl:0} is the GPU on a
 * machine that also has a CPU driver such as PoCL installed (whose platform may be listed first). This is
 * the one place that touches the native library first: a missing loader ({@link UnsatisfiedLinkError})
 * or a loader without an ICD ({@code CL_PLATFORM_NOT_FOUND_KHR}) becomes an {@link OpenClException}
 * that says what to install.
 */
public final class ClPlatforms {
    /**
     * The environment variable that, set to 1, makes a missing OpenCL library an error rather than a
     * reason to skip OpenCL tests; CI sets it after installing PoCL.
     */
    public static final String REQUIRED = "MORE_OPENCL_REQUIRED";

    private static List<Found> found;
    private static OpenClException failure;
    private static boolean libraryMissing;

    /** A device with the handles the runtime needs. */
    record Found(ClDeviceInfo info, cl_platform_id platform, cl_device_id device) {}

    private ClPlatforms() {}

    /**
     * The devices of every platform.
     *
     * @throws OpenClException if no OpenCL library can be loaded, or no platform or device exists
     */
    public static List<ClDeviceInfo> devices() {
        return discover().stream().map(Found::info).toList();
    }

    /**
     * Whether an OpenCL device can be used here; the reason it cannot, when not, is
     * {@link #unavailableReason()}.
     */
    public static boolean available() {
        try {
            discover();
            return true;
        } catch (OpenClException e) {
            return false;
        }
    }

    /** Why no OpenCL device can be used, or null when one can. */
    public static String unavailableReason() {
        try {
            discover();
            return null;
        } catch (OpenClException e) {
            return e.getMessage();
        }
    }

    /**
     * True when the OpenCL library itself (JOCL's glue or the system's loader) cannot be loaded, as
     * opposed to a loader that finds no platform: tests skip only in this case.
     */
    public static synchronized boolean libraryMissing() {
        available();
        return libraryMissing;
    }

    /**
     * Why OpenCL tests should skip here: the reason when no OpenCL library can be loaded at all and
     * {@link #REQUIRED} is not set; null when OpenCL is there, or when its absence must fail the tests.
     */
    public static String skipReason() {
        if (!libraryMissing() || "1".equals(System.getenv(REQUIRED))) {
            return null;
        }
        return "no OpenCL library can be loaded, so the OpenCL tests are skipped: " + unavailableReason();
    }

    static synchronized List<Found> discover() {
        if (found != null) {
            return found;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            found = numbered(scan());
            return found;
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            libraryMissing = true;
            // JOCL opens the loader by its unversioned name, libOpenCL.so, which Debian ships in the -dev package.
            failure = new OpenClException(
                    "no OpenCL library could be loaded (" + e.getMessage()
                            + "); install an OpenCL loader reachable as libOpenCL.so and a driver, e.g. Debian's "
                            + "ocl-icd-opencl-dev, ocl-icd-libopencl1 and pocl-opencl-icd",
                    e);
        } catch (CLException e) {
            failure = new OpenClException(
                    "OpenCL found no usable platform (" + e.getMessage()
                            + "); install a driver (an ICD), e.g. Debian's pocl-opencl-icd, and check with clinfo -l",
                    e);
        } catch (OpenClException e) {
            failure = e;
        }
        throw failure;
    }

    private static List<Found> scan() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        if (count[0] == 0) {
            throw new OpenClException("OpenCL found no platform; install a driver (an ICD), e.g. Debian's "
                    + "pocl-opencl-icd, and check with clinfo -l");
        }
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        List<Found> devices = new ArrayList<>();
        for (cl_platform_id platform : platforms) {
            String platformName = platformString(platform, CL_PLATFORM_NAME);
            int[] n = new int[1];
            try {
                clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (CLException noDevice) {
                continue; // CL_DEVICE_NOT_FOUND: a platform with nothing to offer
            }
            cl_device_id[] ids = new cl_device_id[n[0]];
            clGetDeviceIDs(platform, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
            for (cl_device_id id : ids) {
                long fp = deviceLong(id, CL_DEVICE_SINGLE_FP_CONFIG, Sizeof.cl_ulong);
                ClDeviceInfo info = new ClDeviceInfo(
                        -1,
                        platformName,
                        deviceString(id, CL_DEVICE_NAME),
                        deviceString(id, CL_DEVICE_VENDOR),
                        (int) deviceLong(id, CL_DEVICE_MAX_COMPUTE_UNITS, Sizeof.cl_uint),
                        deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_LOCAL_MEM_SIZE, Sizeof.cl_ulong),
                        deviceLong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE, Sizeof.size_t),
                        (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0,
                        (deviceLong(id, CL_DEVICE_TYPE, Sizeof.cl_ulong) & CL_DEVICE_TYPE_CPU) != 0);
                devices.add(new Found(info, platform, id));
            }
        }
        if (devices.isEmpty()) {
            throw new OpenClException("OpenCL platforms exist but offer no device; check the driver with clinfo");
        }
        return devices;
    }

    /** {@code scanned} with the devices that are not CPUs first (a stable order otherwise), numbered from 0. */
    static List<Found> numbered(List<Found> scanned) {
        List<Found> ordered = new ArrayList<>(scanned);
        ordered.sort(Comparator.comparing(f -> f.info().cpu()));
        List<Found> out = new ArrayList<>(ordered.size());
        for (Found f : ordered) {
            out.add(new Found(f.info().withIndex(out.size()), f.platform(), f.device()));
        }
        return List.copyOf(out);
    }

    private static String platformString(cl_platform_id platform, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(platform, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetPlatformInfo(platform, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    private static String deviceString(cl_device_id device, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(device, param, 0, null, size);
        byte[] bytes = new byte[(int) size[0]];
        clGetDeviceInfo(device, param, bytes.length, Pointer.to(bytes), null);
        return cString(bytes);
    }

    /** A device property of {@code size} bytes (cl_uint, cl_ulong or size_t), as a long. */
    static long deviceLong(cl_device_id device, int param, int size) {
        if (size == Sizeof.cl_uint) {
            int[] v = new int[1];
            clGetDeviceInfo(device, param, size, Pointer.to(v), null);
            return Integer.toUnsignedLong(v[0]);
        }
        long[] v = new long[1];
        clGetDeviceInfo(device, param, size, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.UTF_8).trim();
    }
}
