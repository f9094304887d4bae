package dev.more.tensor;

import dev.more.kernels.opencl.ClKernels;
import dev.more.kernels.opencl.ClPlatforms;
import dev.more.kernels.opencl.OpenClException;
import java.util.Locale;

/**
 * Which device computes: the backend of each {@link Device}, the spelling {@code cpu | opencl |
 * opencl:N}, and the process's current device, which the CLI sets from {@code --device} (else the
 * environment variable {@code MORE_DEVICE}, else the CPU) and the trainer moves models to. Choosing
 * OpenCL where it cannot run (no library, no platform, no such device, a kernel that does not build)
 * falls back to the CPU with one line that says why; it never fails the run.
 */
public final class Devices {
    /** The environment variable read when no {@code --device} is given. */
    public static final String ENVIRONMENT = "MORE_DEVICE";

    private static volatile Device current = Device.CPU;

    private Devices() {}

    /**
     * The result of choosing a device.
     *
     * @param device the device that will be used
     * @param message the one line to print: the device's description, or why OpenCL fell back to the CPU
     */
    public record Choice(Device device, String message) {}

    /** The backend that runs ops on {@code device}. */
    public static Backend backend(Device device) {
        return device.kind() == Device.Kind.CPU ? CpuBackend.INSTANCE : OpenClBackend.get(device.index());
    }

    /**
     * Reads {@code cpu}, {@code opencl} (device 0: the first GPU or accelerator if there is one, else the
     * first CPU device) or {@code opencl:N}, in any case.
     *
     * @throws IllegalArgumentException for anything else, saying what is accepted
     */
    public static Device parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("cpu")) {
            return Device.CPU;
        }
        if (s.equals("opencl")) {
            return new Device(Device.Kind.OPENCL, 0);
        }
        if (s.startsWith("opencl:")) {
            try {
                int index = Integer.parseInt(s.substring("opencl:".length()));
                if (index >= 0) {
                    return new Device(Device.Kind.OPENCL, index);
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw new IllegalArgumentException("device '" + spec + "' is not cpu, opencl or opencl:N (N = 0, 1, ...)");
    }

    /**
     * Chooses the device from {@code flag} (null when not given), else {@link #ENVIRONMENT}, else the
     * CPU, makes it {@link #current()}, and says which it is. An OpenCL device is opened and all its
     * kernels built here, so that any failure shows now, as a fallback to the CPU.
     *
     * @throws IllegalArgumentException if the flag or the variable is not a device spelling
     */
    public static Choice choose(String flag) {
        String spec = flag != null ? flag : System.getenv(ENVIRONMENT);
        Device wanted = spec == null || spec.isBlank() ? Device.CPU : parse(spec);
        Choice choice = open(wanted);
        current = choice.device();
        return choice;
    }

    private static Choice open(Device wanted) {
        if (wanted.kind() == Device.Kind.CPU) {
            return new Choice(Device.CPU, "device: cpu");
        }
        try {
            OpenClBackend backend = OpenClBackend.get(wanted.index());
            ClKernels.buildAll(backend.runtime());
            return new Choice(wanted, "device: " + backend.runtime().info().describe());
        } catch (OpenClException | LinkageError e) {
            String reason = e instanceof OpenClException ? e.getMessage() : ClPlatforms.unavailableReason();
            return new Choice(Device.CPU, "device: cpu (" + wanted + " is unavailable: " + firstLine(reason) + ")");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unknown reason";
        }
        int end = s.indexOf('\n');
        return end < 0 ? s : s.substring(0, end);
    }

    /** The device models are moved to; the CPU unless {@link #choose} or {@link #use} said otherwise. */
    public static Device current() {
        return current;
    }

    /**
     * Makes {@code device} current without the fallback of {@link #choose}.
     *
     * @throws OpenClException if it is an OpenCL device that cannot be opened
     */
    public static void use(Device device) {
        backend(device);
        current = device;
    }
}
