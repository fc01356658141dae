package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.downstairs.region.ExtentStore;
import dev.cruciblesim.downstairs.region.RegionDirectory;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Durable regions on disk for a real-time run: downstairs client c's region in {@code DIR/downstairs-c}, one file
 * per extent, each flush forced to the disk before it is acknowledged.
 *
 * <p>Each run starts from an empty region, replacing the region an earlier run left there (never anything else:
 * {@link RegionDirectory#create} refuses a directory that holds files of its own), because the run's oracle checks
 * every read against what this run wrote. The stores stay open until {@link #close}, after the downstairs stop.
 */
public final class FileStores implements VolumeAssembly.Stores, AutoCloseable {
    private final Path directory;
    private final List<ExtentStore> opened = new ArrayList<>();

    public FileStores(Path directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** @return where downstairs client {@code clientId}'s region lives */
    public Path regionDirectory(int clientId) {
        return directory.resolve("downstairs-" + clientId);
    }

    @Override
    public synchronized ExtentStore store(int clientId, RegionDefinition region, Payload payload) {
        if (payload != Payload.BYTES) {
            throw new IllegalArgumentException("a region on disk holds bytes; payload is " + payload);
        }
        ExtentStore store = RegionDirectory.create(regionDirectory(clientId), region, true);
        opened.add(store);
        return store;
    }

    /** Closes every store made, the first failure rethrown after all were tried. */
    @Override
    public synchronized void close() {
        RuntimeException first = null;
        for (ExtentStore store : opened) {
            try {
                store.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        opened.clear();
        if (first != null) {
            throw first;
        }
    }
}
