package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.region.FileExtentStore;
import dev.cruciblesim.downstairs.region.RegionDirectory;
import dev.cruciblesim.downstairs.region.RegionStorageException;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code crucible-sim downstairs create --data DIR}: a new, empty region on disk, for {@code downstairs run --data}. */
@Command(name = "create", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Makes a new, empty region on disk, for 'downstairs run --data DIR'.",
            "In DIR, created if missing: a descriptor, region.desc, with the geometry and a new random UUID, and "
                    + "one file per extent, each forced to the disk. Prints one line naming the directory, the "
                    + "geometry and the UUID."})
public final class DownstairsCreateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "The region's directory: missing or empty, or holding a region to replace with --force.")
    Path data;

    @CommandLine.Mixin
    RegionGeometryOptions geometry;

    @Option(names = "--force",
            description = "Replace the region already in DIR. A directory that holds anything but a region's files "
                    + "is refused even so, so that a wrong path cannot empty someone's folder.")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RegionDefinition definition = geometry.definition();
        if (!force && holdsAnything(data)) {
            // RegionDirectory refuses this too; said here in the CLI's words, with the option that overrides it.
            err.println("crucible-sim: --data: " + data + " is not empty; use --force to replace the region in it");
            return CrucibleSim.EXIT_BAD_INPUT;
        }
        FileExtentStore store;
        try {
            store = RegionDirectory.create(data, definition, force);
        } catch (RegionStorageException e) {
            // Its message names the directory or file and what is wrong with it: a refusal, or the IO that failed.
            err.println("crucible-sim: --data: " + e.getMessage());
            return CrucibleSim.EXIT_BAD_INPUT;
        }
        try (store) {
            out.println("crucible-sim: created region " + store.regionUuid() + " in " + data + ": "
                    + DownstairsRunCommand.describe(definition));
        }
        return CrucibleSim.EXIT_OK;
    }

    /** @return whether {@code directory} is a directory with at least one entry; false when it cannot be listed */
    private static boolean holdsAnything(Path directory) {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.findAny().isPresent();
        } catch (IOException e) {
            // RegionDirectory.create lists it again and reports the failure, naming the directory.
            return false;
        }
    }
}
