package dev.more.cli;

import picocli.CommandLine;

/** The version line of {@code more --version}, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "more " + (version == null ? "(development build)" : version) + ", Java " + Runtime.version() + ", "
                    + dev.more.kernels.cpu.Simd.describe()
        };
    }
}
