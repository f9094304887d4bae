package dev.more.kernels.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

/**
 * The program cache of one context: each {@code .cl} resource (after the shared {@code common.cl}) is
 * built once per set of defines, and each kernel object created once. A failed build reports the file,
 * the options and the compiler's log.
 */
final class ClPrograms {
    private static final String RESOURCES = "/dev/more/kernels/opencl/";

    private final ClRuntime runtime;
    private final Map<String, cl_program> programs = new HashMap<>();
    private final Map<String, ClKernel> kernels = new HashMap<>();

    ClPrograms(ClRuntime runtime) {
        this.runtime = runtime;
    }

    synchronized ClKernel kernel(String file, String name, String defines) {
        String key = file + "|" + defines + "|" + name;
        ClKernel kernel = kernels.get(key);
        if (kernel == null) {
            cl_program program = program(file, defines);
            cl_kernel k;
            try {
                k = clCreateKernel(program, name, null);
            } catch (CLException e) {
                throw new OpenClException("kernel '" + name + "' is not in " + file + ": " + e.getMessage(), e);
            }
            kernel = new ClKernel(runtime, name, k);
            kernels.put(key, kernel);
        }
        return kernel;
    }

    private cl_program program(String file, String defines) {
        String key = file + "|" + defines;
        cl_program program = programs.get(key);
        if (program != null) {
            return program;
        }
        String source = read("common.cl") + "\n" + read(file);
        String options = "-cl-std=CL1.2 " + defines
                + (runtime.info().correctlyRoundedDivideSqrt() ? " -cl-fp32-correctly-rounded-divide-sqrt" : "");
        program = clCreateProgramWithSource(runtime.context(), 1, new String[] {source}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {runtime.device()}, options, null, null);
        } catch (CLException e) {
            throw new OpenClException(
                    "OpenCL program " + file + " did not build for "
                            + runtime.info().name() + " with options '" + options + "' (" + e.getMessage() + "):\n"
                            + buildLog(program),
                    e);
        }
        programs.put(key, program);
        return program;
    }

    private String buildLog(cl_program program) {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, runtime.device(), CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, runtime.device(), CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }

    private static String read(String file) {
        try (InputStream in = ClPrograms.class.getResourceAsStream(RESOURCES + file)) {
            if (in == null) {
                throw new OpenClException("kernel source " + RESOURCES + file + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + file, e);
        }
    }
}
