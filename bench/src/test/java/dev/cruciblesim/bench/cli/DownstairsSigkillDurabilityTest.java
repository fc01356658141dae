package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.region.Region;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 12's crash test of a region on disk, through the CLI as a user runs it: {@code downstairs create}, then
 * {@code downstairs run --data} in a child JVM, written to over TCP as an upstairs writes (a window of jobs in flight,
 * a flush every few writes) and killed with SIGKILL among writes it has not answered, at a point chosen by the count
 * of acknowledged writes. Each restart must open the region and read back, over TCP, every write acknowledged before
 * the last acknowledged flush; each block written after that flush holds its content from before or one of the
 * later writes' contents, never anything else. The same region goes through every kill, so each restart also opens
 * what a crashed one left, and is written to again.
 */
class DownstairsSigkillDurabilityTest {
    /** 512 blocks of 512 B in 8 extents: small enough to read back whole, big enough for writes to spread out. */
    private static final RegionDefinition REGION = new RegionDefinition(512, 64, 8);
    /** One kill per seed; each seed gives its writes' offsets, sizes, contents, flush spacing and kill point. */
    private static final long[] SEEDS = {12, 1_200, 120_000};
    /** Jobs sent and not yet answered, as an upstairs keeps them: what is in flight when the kill comes. */
    private static final int WINDOW_JOBS = 16;
    /** Jobs sent after the kill point without waiting, so the kill lands while the server is taking writes. */
    private static final int BURST_JOBS = 32;
    private static final int MAX_BLOCKS_PER_WRITE = 4;
    private static final int MAX_WRITES_PER_FLUSH = 16;
    private static final int MIN_ACKED_WRITES_BEFORE_KILL = 100;
    private static final int MAX_ACKED_WRITES_BEFORE_KILL = 300;
    private static final long FIRST_JOB_ID = 1000;
    /** What {@link Process#exitValue()} gives for a process SIGKILL ended: 128 + 9. */
    private static final int EXIT_SIGKILL = 137;
    private static final Duration TIME_LIMIT = Duration.ofSeconds(50);
    private static final Pattern READY_PORT = Pattern.compile("crucible-sim: downstairs 0 serving .* on 127\\.0\\.0\\.1:(\\d+)");
    /** Fewer JIT and GC threads in the children: the test's two cores are shared with the build. */
    private static final List<String> CHILD_JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @TempDir
    Path directory;

    private final List<ChildCrucibleSim> children = new ArrayList<>();

    @AfterEach
    void killChildrenLeftByAFailure() throws InterruptedException {
        for (ChildCrucibleSim child : children) {
            child.sigkill();
        }
    }

    @Test
    void shouldKeepEveryWriteBeforeTheLastAcknowledgedFlushThroughSigkills() {
        assertTimeoutPreemptively(TIME_LIMIT, () -> {
            Path region = directory.resolve("region");
            CliResult created = execute("downstairs", "create", "--data", region.toString(), "--block-size",
                    Integer.toString(REGION.blockSizeBytes()), "--extent-size",
                    Integer.toString(REGION.extentSizeBlocks()), "--extent-count",
                    Integer.toString(REGION.extentCount()));
            assertEquals(CrucibleSim.EXIT_OK, created.exitCode(), created.err());
            ExpectedBlocks expected = new ExpectedBlocks();
            long lastSentFlushNumber = 0;
            for (int cycle = 0; cycle < SEEDS.length; cycle++) {
                ChildCrucibleSim child = start(region);
                try (WireExchange wire = WireExchange.connect(readyPort(child))) {
                    ExtentVersions versions = wire.handshake(cycle + 1, REGION);
                    expected.checkVersions(versions, lastSentFlushNumber);
                    expected.checkAndSettle(wire, versions);
                    Upstairs upstairs = new Upstairs(wire, new Random(SEEDS[cycle]), FIRST_JOB_ID + REGION.extentCount(),
                            lastSentFlushNumber + 1, cycle + 1);
                    upstairs.writeUntilKilled(child);
                    lastSentFlushNumber = upstairs.nextFlushNumber - 1;
                    expected.afterKill(upstairs);
                }
            }
            ChildCrucibleSim last = start(region);
            try (WireExchange wire = WireExchange.connect(readyPort(last))) {
                ExtentVersions versions = wire.handshake(SEEDS.length + 1, REGION);
                expected.checkVersions(versions, lastSentFlushNumber);
                expected.checkAndSettle(wire, versions);
                last.sigterm();
            }
            assertEquals(CrucibleSim.EXIT_OK, last.exitCode(30));
            // After a clean stop the files hold exactly what the last server read back.
            try (Region reopened = Region.open(region)) {
                assertArrayEquals(expected.settled(), reopened.read(0, (int) REGION.totalBlocks()));
            }
        });
    }

    private ChildCrucibleSim start(Path region) throws IOException, InterruptedException {
        ChildCrucibleSim child = ChildCrucibleSim.startWithStdoutPipe(directory, CHILD_JVM_OPTIONS, "downstairs",
                "run", "--data", region.toString(), "--port", "0");
        children.add(child);
        return child;
    }

    private static int readyPort(ChildCrucibleSim child) throws IOException {
        String line = child.awaitStdoutLine("crucible-sim: downstairs ");
        Matcher ready = READY_PORT.matcher(line);
        assertTrue(ready.matches(), line);
        return Integer.parseInt(ready.group(1));
    }

    /** One write as sent: its job id, where it goes, and its bytes. */
    private record SentWrite(long jobId, long blockOffset, byte[] data) {
    }

    /**
     * The upstairs side: random writes (seeded offsets, sizes and contents), a flush after every few, at most
     * {@link #WINDOW_JOBS} unanswered; after a seeded number of acknowledged writes, a burst sent without waiting,
     * then the kill.
     */
    private static final class Upstairs {
        private static final long WRITE = -1;
        private final WireExchange wire;
        private final Random random;
        private final long generation;
        private final List<SentWrite> sent = new ArrayList<>();
        /** Every job sent and not yet answered, by id: a flush's number, or {@link #WRITE} for a write. */
        private final Map<Long, Long> unanswered = new HashMap<>();
        private long nextJobId;
        private long nextFlushNumber;
        /** The last flush sent, which the next writes depend on, as an upstairs makes them; -1 before the first. */
        private long lastSentFlushJobId = -1;
        private long lastAckedFlushJobId = -1;
        private long lastAckedFlushNumber;
        private int writesSinceFlush;
        private int writesBeforeNextFlush;
        private int ackedWrites;

        Upstairs(WireExchange wire, Random random, long firstJobId, long firstFlushNumber, long generation) {
            this.wire = wire;
            this.random = random;
            this.nextJobId = firstJobId;
            this.nextFlushNumber = firstFlushNumber;
            this.generation = generation;
            this.writesBeforeNextFlush = 1 + random.nextInt(MAX_WRITES_PER_FLUSH);
        }

        void writeUntilKilled(ChildCrucibleSim child) throws IOException, WireFormatException, InterruptedException {
            int killAfterAckedWrites = MIN_ACKED_WRITES_BEFORE_KILL
                    + random.nextInt(MAX_ACKED_WRITES_BEFORE_KILL - MIN_ACKED_WRITES_BEFORE_KILL + 1);
            while (unanswered.size() < WINDOW_JOBS) {
                sendNext();
            }
            while (ackedWrites < killAfterAckedWrites) {
                answered(wire.receive());
                sendNext();
            }
            for (int i = 0; i < BURST_JOBS; i++) {
                sendNext();
            }
            assertEquals(EXIT_SIGKILL, child.sigkill(), "the server ended before the kill");
            assertTrue(lastAckedFlushJobId >= 0, "no flush was acknowledged before the kill");
        }

        private void sendNext() throws IOException {
            long jobId = nextJobId++;
            if (writesSinceFlush >= writesBeforeNextFlush) {
                // Depends on every job since the last flush, as a flush must.
                long firstSinceFlush = lastSentFlushJobId < 0 ? FIRST_JOB_ID : lastSentFlushJobId + 1;
                wire.send(new FlushRequest(jobId, DependencyRange.of(firstSinceFlush, jobId - 1), nextFlushNumber,
                        generation));
                unanswered.put(jobId, nextFlushNumber++);
                lastSentFlushJobId = jobId;
                writesSinceFlush = 0;
                writesBeforeNextFlush = 1 + random.nextInt(MAX_WRITES_PER_FLUSH);
            } else {
                int blockCount = 1 + random.nextInt(MAX_BLOCKS_PER_WRITE);
                long blockOffset = random.nextInt((int) REGION.totalBlocks() - blockCount + 1);
                byte[] data = new byte[blockCount * REGION.blockSizeBytes()];
                random.nextBytes(data);
                DependencyRange dependencies = lastSentFlushJobId < 0 ? DependencyRange.NONE
                        : DependencyRange.of(lastSentFlushJobId, lastSentFlushJobId);
                wire.send(new WriteRequest(jobId, dependencies, blockOffset, data));
                sent.add(new SentWrite(jobId, blockOffset, data));
                unanswered.put(jobId, WRITE);
                writesSinceFlush++;
            }
        }

        private void answered(Message reply) {
            if (reply instanceof WriteAck ack) {
                assertNull(ack.error(), ack::toString);
                assertEquals(Long.valueOf(WRITE), unanswered.remove(ack.jobId()), ack::toString);
                ackedWrites++;
            } else if (reply instanceof FlushAck ack) {
                assertNull(ack.error(), ack::toString);
                Long flushNumber = unanswered.remove(ack.jobId());
                assertTrue(flushNumber != null && flushNumber != WRITE, ack::toString);
                if (ack.jobId() > lastAckedFlushJobId) {
                    lastAckedFlushJobId = ack.jobId();
                    lastAckedFlushNumber = flushNumber;
                }
            } else {
                fail("not a reply to a write or a flush: " + reply);
            }
        }
    }

    /**
     * Per block, the content it must hold ({@code settled}: as read back after the last restart, then every write
     * acknowledged before a later acknowledged flush) and the contents it may hold instead (the writes sent after the
     * last acknowledged flush, answered or not).
     */
    private static final class ExpectedBlocks {
        private final int blockSizeBytes = REGION.blockSizeBytes();
        private final byte[] settled = new byte[(int) REGION.totalBytes()];
        private final List<List<byte[]>> maybe = new ArrayList<>();
        /** The flush number the last kill's region is known to have reached: its last acknowledged flush. */
        private long lastAckedFlushNumber;

        ExpectedBlocks() {
            for (long block = 0; block < REGION.totalBlocks(); block++) {
                maybe.add(new ArrayList<>());
            }
        }

        byte[] settled() {
            return settled.clone();
        }

        /** Every extent's flush number is one that was sent; the last acknowledged flush reached the disk. */
        void checkVersions(ExtentVersions versions, long lastSentFlushNumber) {
            long highest = Arrays.stream(versions.flushNumbers()).max().orElseThrow();
            assertTrue(highest >= lastAckedFlushNumber && highest <= lastSentFlushNumber,
                    () -> "highest flush number " + highest + ", expected from " + lastAckedFlushNumber + " to "
                            + lastSentFlushNumber + ": " + versions);
        }

        void afterKill(Upstairs upstairs) {
            // Writes go in job order, so a block's last write before the flush is the one that stays settled.
            for (SentWrite write : upstairs.sent) {
                for (int i = 0; i < write.data().length / blockSizeBytes; i++) {
                    long block = write.blockOffset() + i;
                    byte[] content = Arrays.copyOfRange(write.data(), i * blockSizeBytes, (i + 1) * blockSizeBytes);
                    if (write.jobId() < upstairs.lastAckedFlushJobId) {
                        System.arraycopy(content, 0, settled, (int) block * blockSizeBytes, blockSizeBytes);
                    } else {
                        maybe.get((int) block).add(content);
                    }
                }
            }
            lastAckedFlushNumber = upstairs.lastAckedFlushNumber;
        }

        /**
         * Reads the whole region back, one extent a job, and checks every block; what it holds is settled from then.
         * A block that changed since the last acknowledged flush must be in an extent that says dirty, or that a
         * later flush reached.
         */
        void checkAndSettle(WireExchange wire, ExtentVersions versions) throws IOException, WireFormatException {
            int extentBytes = REGION.extentSizeBlocks() * blockSizeBytes;
            for (int extent = 0; extent < REGION.extentCount(); extent++) {
                long firstBlock = (long) extent * REGION.extentSizeBlocks();
                ReadResponse read = assertInstanceOf(ReadResponse.class, wire.call(new ReadRequest(
                        FIRST_JOB_ID + extent, DependencyRange.NONE, firstBlock, REGION.extentSizeBlocks())));
                assertNull(read.error(), read::toString);
                assertEquals(extentBytes, read.data().length);
                for (int i = 0; i < REGION.extentSizeBlocks(); i++) {
                    int block = (int) firstBlock + i;
                    byte[] actual = Arrays.copyOfRange(read.data(), i * blockSizeBytes, (i + 1) * blockSizeBytes);
                    boolean unchanged = Arrays.equals(actual, 0, blockSizeBytes,
                            settled, block * blockSizeBytes, (block + 1) * blockSizeBytes);
                    if (!unchanged) {
                        int candidates = maybe.get(block).size();
                        assertTrue(maybe.get(block).stream().anyMatch(content -> Arrays.equals(content, actual)),
                                () -> "block " + block + " holds neither what it held at the last acknowledged flush"
                                        + " nor any of the " + candidates + " writes sent to it after that flush");
                        int changedExtent = extent;
                        assertTrue(versions.dirty()[extent]
                                        || versions.flushNumbers()[extent] > lastAckedFlushNumber,
                                () -> "block " + block + " changed since flush " + lastAckedFlushNumber
                                        + ", yet extent " + changedExtent + " says clean at flush "
                                        + versions.flushNumbers()[changedExtent]);
                        System.arraycopy(actual, 0, settled, block * blockSizeBytes, blockSizeBytes);
                    }
                    maybe.get(block).clear();
                }
            }
        }
    }
}
