package dev.cruciblesim.bench.harness;

import dev.cruciblesim.bench.workload.Payload;
import dev.cruciblesim.downstairs.region.ExtentStore;
import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.downstairs.region.RegionDirectory;
import dev.cruciblesim.downstairs.region.SparseMemoryExtentStore;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Three regions made to disagree as a crash leaves them, one rule of the source choice per extent (4 extents of 8
 * blocks of 4096 B), and what start-up reconciliation must make of them:
 *
 * <pre>
 *  extent  client 0      client 1         client 2     source, rule              after
 *  0       X  flush 1/1  X  flush 1/1     X  flush 3/1 2, highest flush number    X  3/1
 *  1       A  flush 1/1  A  flush 1/1     B  flush 3/1 2, highest flush number    B  3/1
 *  2       C0 flush 2/1  C1 flush 2/2     -  0/0       1, highest generation      C1 2/2
 *  3       -  0/0        D  dirty 0/0     -  0/0       1, dirty                   D  0/0
 * </pre>
 * (flush number / generation). After it the upstairs' next flush is 4 and its generation 3.
 */
final class DisagreeingRegions {
    static final RegionDefinition GEOMETRY = new RegionDefinition(4096, 8, 4);
    static final int BLOCKS = GEOMETRY.extentSizeBlocks() * GEOMETRY.extentCount();
    static final long NEXT_FLUSH = 4;
    static final long GENERATION = 3;

    private DisagreeingRegions() {
    }

    static byte[] extentOf(int value) {
        byte[] data = new byte[GEOMETRY.extentSizeBlocks() * GEOMETRY.blockSizeBytes()];
        Arrays.fill(data, (byte) value);
        return data;
    }

    /** Writes client {@code clientId}'s history into {@code region}. */
    static void makeDisagree(int clientId, Region region) {
        region.write(0, extentOf(0x58)); // X
        region.write(8, extentOf(clientId == 2 ? 0x42 : 0x41)); // A or B
        region.flush(clientId == 2 ? 3 : 1, 1);
        if (clientId < 2) {
            region.write(16, extentOf(0xc0 + clientId)); // C0 or C1
            region.flush(2, clientId == 0 ? 1 : 2);
        }
        if (clientId == 1) {
            region.write(24, extentOf(0xdd)); // D, left dirty
        }
    }

    /** @return what every region must hold after reconciliation, block by block */
    static byte[] expectedData() {
        byte[] all = new byte[BLOCKS * GEOMETRY.blockSizeBytes()];
        int extentBytes = GEOMETRY.extentSizeBlocks() * GEOMETRY.blockSizeBytes();
        System.arraycopy(extentOf(0x58), 0, all, 0, extentBytes);
        System.arraycopy(extentOf(0x42), 0, all, extentBytes, extentBytes);
        System.arraycopy(extentOf(0xc1), 0, all, 2 * extentBytes, extentBytes);
        System.arraycopy(extentOf(0xdd), 0, all, 3 * extentBytes, extentBytes);
        return all;
    }

    static ExtentVersions expectedVersions() {
        return new ExtentVersions(new long[] {1, 1, 2, 0}, new long[] {3, 3, 2, 0}, new boolean[4]);
    }

    /** Asserts that all three regions hold the same blocks and versions, the ones reconciliation must leave. */
    static void assertReconciled(IntFunction<Region> regionOf) {
        for (int c = 0; c < 3; c++) {
            Region region = regionOf.apply(c);
            assertArrayEquals(expectedData(), region.read(0, BLOCKS), "client " + c + "'s blocks");
            assertEquals(expectedVersions(), region.extentVersions(), "client " + c + "'s extent versions");
        }
    }

    /** Three region directories under {@code root}, made to disagree and closed, for a run to open. */
    static List<Path> onDisk(Path root) {
        List<Path> directories = new ArrayList<>();
        for (int c = 0; c < 3; c++) {
            Path directory = root.resolve("downstairs-" + c);
            try (Region region = Region.create(directory, GEOMETRY, false)) {
                makeDisagree(c, region);
            }
            directories.add(directory);
        }
        return directories;
    }

    /** The assembly's stores: the regions already in {@code directories}, opened, not replaced; close them after. */
    static final class Opened implements VolumeAssembly.Stores, AutoCloseable {
        private final List<Path> directories;
        private final List<ExtentStore> opened = new ArrayList<>();

        Opened(List<Path> directories) {
            this.directories = directories;
        }

        @Override
        public synchronized ExtentStore store(int clientId, RegionDefinition region, Payload payload) {
            ExtentStore store = RegionDirectory.open(directories.get(clientId));
            opened.add(store);
            return store;
        }

        @Override
        public synchronized void close() {
            opened.forEach(ExtentStore::close);
            opened.clear();
        }
    }

    /** The assembly's stores: in memory, each made to disagree as above, kept for reading after the run. */
    static final class InMemory implements VolumeAssembly.Stores {
        final List<Region> regions = new ArrayList<>();

        @Override
        public synchronized ExtentStore store(int clientId, RegionDefinition region, Payload payload) {
            SparseMemoryExtentStore store = new SparseMemoryExtentStore(region, VolumeAssembly.inMemoryRegionUuid(
                    clientId));
            Region view = new Region(store);
            makeDisagree(clientId, view);
            regions.add(view);
            return store;
        }
    }
}
