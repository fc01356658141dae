package dev.cruciblesim.bench.cli;

import picocli.CommandLine;

/** Reports the build's version from the jar manifest, or "development build" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CrucibleSim.class.getPackage().getImplementationVersion();
        return new String[] {"crucible-sim " + (version == null ? "(development build)" : version),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
