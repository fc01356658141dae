package dev.cruciblesim.downstairs.region;

import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Crashes without processes: a seeded run of writes and flushes against a file region, stopped in thought at every
 * force and between every two requests.
 *
 * <ul>
 * <li>A <em>process</em> crash keeps what reached the files, forced or not: a copy of the directory between two
 *     requests must read back every write and report the model's flush numbers and dirty bits exactly.</li>
 * <li>A <em>power loss</em> keeps what was forced, and any of the rest ({@link PowerLossDisk}): such an image must
 *     open, every block not written since its extent's last completed flush must read back, and an extent that says
 *     clean must hold exactly the data of the flush whose numbers it carries.</li>
 * </ul>
 *
 * A real SIGKILL of a downstairs process, between its IO and its reply, waits for the downstairs server.
 */
class FileRegionCrashTest {
    /** 4 extents of 8 blocks of 512 B: small enough to open hundreds of images. */
    private static final RegionDefinition SMALL = new RegionDefinition(512, 8, 4);
    private static final int EXTENT_BYTES = 8 * 512;
    private static final int REQUESTS = 60;

    @TempDir
    Path tempDir;

    /** What the region must hold: its bytes now, and per extent the state of its last completed flush. */
    private final byte[] current = new byte[(int) SMALL.totalBytes()];
    private final byte[][] flushedData = new byte[4][EXTENT_BYTES];
    private final long[] flushedNumber = new long[4];
    private final long[] flushedGeneration = new long[4];
    private final boolean[] dirty = new boolean[4];
    private final boolean[][] writtenSinceFlush = new boolean[4][8];
    /** The numbers of the flush in progress, or -1 between requests. */
    private long flushingNumber = -1;
    private long flushingGeneration = -1;
    private int imagesChecked;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void shouldKeepEveryWriteBeforeTheLastCompletedFlushWhereverItCrashes(long seed) throws IOException {
        Path dir = tempDir.resolve("region");
        Path image = Files.createDirectories(tempDir.resolve("image"));
        RegionDirectory.create(dir, SMALL, false).close();
        Files.copy(dir.resolve(RegionDirectory.DESCRIPTOR_FILE), image.resolve(RegionDirectory.DESCRIPTOR_FILE));
        Random random = new Random(seed);
        PowerLossDisk disk = new PowerLossDisk();
        disk.beforeEachForce(() -> checkPowerLossImage(disk, image, random));

        try (Region region = new Region(RegionDirectory.open(dir, disk.opener()))) {
            long flushNumber = 0;
            for (int request = 0; request < REQUESTS; request++) {
                if (random.nextInt(4) == 0) {
                    flushNumber++;
                    flush(region, flushNumber, 1 + flushNumber / 8);
                } else {
                    int blockCount = 1 + random.nextInt(3);
                    write(region, random.nextInt((int) SMALL.totalBlocks() - blockCount + 1), blockCount, random);
                }
                checkProcessCrashCopy(dir, image);
                checkPowerLossImage(disk, image, random);
            }
        }
        assertTrue(imagesChecked > 2 * REQUESTS, imagesChecked + " images");
    }

    private void write(Region region, int firstBlock, int blockCount, Random random) {
        byte[] data = new byte[blockCount * 512];
        random.nextBytes(data);
        // Before the write: a crash inside it (at the force of a later extent's dirty record) may keep its blocks.
        for (int block = firstBlock; block < firstBlock + blockCount; block++) {
            dirty[block / 8] = true;
            writtenSinceFlush[block / 8][block % 8] = true;
        }
        region.write(firstBlock, data);
        System.arraycopy(data, 0, current, firstBlock * 512, data.length);
    }

    private void flush(Region region, long flushNumber, long generation) {
        flushingNumber = flushNumber;
        flushingGeneration = generation;
        region.flush(flushNumber, generation);
        flushingNumber = -1;
        flushingGeneration = -1;
        for (int extent = 0; extent < 4; extent++) {
            if (dirty[extent]) {
                flushedData[extent] = extentOf(current, extent);
                flushedNumber[extent] = flushNumber;
                flushedGeneration[extent] = generation;
                dirty[extent] = false;
                Arrays.fill(writtenSinceFlush[extent], false);
            }
        }
    }

    /** Between requests, what reached the files is all of it: the copy is the model, exactly. */
    private void checkProcessCrashCopy(Path dir, Path image) throws IOException {
        for (int extent = 0; extent < 4; extent++) {
            String name = RegionDirectory.extentFileName(extent);
            Files.copy(dir.resolve(name), image.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
        try (Region copy = Region.open(image)) {
            assertArrayEquals(current, copy.read(0, (int) SMALL.totalBlocks()));
            ExtentVersions versions = copy.extentVersions();
            assertArrayEquals(flushedNumber, versions.flushNumbers());
            assertArrayEquals(flushedGeneration, versions.generations());
            assertArrayEquals(dirty, versions.dirty());
        }
        imagesChecked++;
    }

    private void checkPowerLossImage(PowerLossDisk disk, Path image, Random random) {
        try {
            disk.writeImage(image, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Region lost = Region.open(image)) {
            ExtentVersions versions = lost.extentVersions();
            for (int extent = 0; extent < 4; extent++) {
                byte[] data = lost.read(extent * 8L, 8);
                String where = "extent " + extent + " after image " + imagesChecked;
                if (versions.dirty()[extent]) {
                    assertEquals(flushedNumber[extent], versions.flushNumbers()[extent], where);
                    assertEquals(flushedGeneration[extent], versions.generations()[extent], where);
                    for (int block = 0; block < 8; block++) {
                        if (!writtenSinceFlush[extent][block]) {
                            assertArrayEquals(Arrays.copyOfRange(flushedData[extent], block * 512, block * 512 + 512),
                                    Arrays.copyOfRange(data, block * 512, block * 512 + 512), where + " block " + block);
                        }
                    }
                } else {
                    boolean asLastFlushed = versions.flushNumbers()[extent] == flushedNumber[extent]
                            && versions.generations()[extent] == flushedGeneration[extent]
                            && Arrays.equals(data, flushedData[extent]);
                    boolean asBeingFlushed = dirty[extent] && versions.flushNumbers()[extent] == flushingNumber
                            && versions.generations()[extent] == flushingGeneration
                            && Arrays.equals(data, extentOf(current, extent));
                    assertTrue(asLastFlushed || asBeingFlushed, where + " says clean at flush "
                            + versions.flushNumbers()[extent] + " but holds other data, or other numbers, than that"
                            + " flush left");
                }
            }
        }
        imagesChecked++;
    }

    private static byte[] extentOf(byte[] region, int extent) {
        return Arrays.copyOfRange(region, extent * EXTENT_BYTES, (extent + 1) * EXTENT_BYTES);
    }
}
