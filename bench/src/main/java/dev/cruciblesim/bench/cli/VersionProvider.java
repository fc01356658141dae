package dev.cruciblesim.bench.cli;

import dev.cruciblesim.bench.bundle.BuildInfo;
import picocli.CommandLine;

/**
 * Reports the build's version from the jar manifest ("development build" when run from classes),
 * the commit it was built from, and the JVM.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CrucibleSim.class.getPackage().getImplementationVersion();
        return new String[] {"crucible-sim " + (version == null ? "(development build)" : version),
            BuildInfo.current().describe(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"};
    }
}
