package dev.more.cli;

import dev.more.tensor.Devices;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The shared {@code --device} flag of the commands that run a model. */
final class DeviceOption {
    @Option(
            names = "--device",
            paramLabel = "cpu|opencl[:N]",
            description =
                    "Where the model computes: cpu, or an OpenCL device (opencl = opencl:0, the first GPU if there is one; default: env "
                            + Devices.ENVIRONMENT
                            + ", else cpu). Without a usable OpenCL device, cpu, with one line saying why.")
    String device;

    /**
     * Chooses the device and, when one was asked for (flag or environment), prints the choice once on
     * stderr (stdout may carry JSON); {@code command} reports a spelling that is not a device.
     */
    void apply(CommandLine command) {
        Devices.Choice choice;
        try {
            choice = Devices.choose(device);
        } catch (IllegalArgumentException e) {
            String source = device != null ? "--device" : Devices.ENVIRONMENT;
            throw new CommandLine.ParameterException(command, source + ": " + e.getMessage());
        }
        if (device != null || System.getenv(Devices.ENVIRONMENT) != null) {
            command.getErr().println(choice.message());
            command.getErr().flush();
        }
    }
}
