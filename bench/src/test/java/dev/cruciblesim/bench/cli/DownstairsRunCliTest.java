package dev.cruciblesim.bench.cli;

import dev.cruciblesim.downstairs.region.FileExtentStore;
import dev.cruciblesim.downstairs.region.RegionDirectory;
import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.FlushAck;
import dev.cruciblesim.sim.protocol.FlushRequest;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.UuidMismatch;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crucible-sim downstairs run}: bad input in-process; serving, and ending at a signal, in a child JVM, as a
 * user runs it. Every wait is a blocking read of the child's output or of a reply, bounded by the class timeout.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DownstairsRunCliTest {
    private static final Pattern READY = Pattern.compile(
            "crucible-sim: downstairs (\\d+) serving region (\\S+) \\((\\d+) extents x (\\d+) blocks x (\\d+) B\\)"
                    + "(?: from (.+))?, repair port (\\d+), on (\\S+):(\\d+)");
    private static final RegionDefinition SMALL = new RegionDefinition(512, 16, 4);

    @TempDir
    Path directory;

    @Test
    void shouldServeAHandshakeAndIoThenExitZeroAtSigterm() throws Exception {
        ChildCrucibleSim child = ChildCrucibleSim.startWithStdoutPipe(directory, List.of(), "downstairs", "run",
                "--memory", "--port", "0", "--id", "2", "--block-size", "512", "--extent-size", "16",
                "--extent-count", "4");
        Matcher ready = ready(child);
        assertEquals("2", ready.group(1));
        assertEquals("127.0.0.1", ready.group(8));
        assertTrue(Integer.parseInt(ready.group(7)) > 0, "--port 0: the repair port is a free one too");
        assertNull(ready.group(6), "a region in memory has no directory");
        try (WireExchange wire = WireExchange.connect(Integer.parseInt(ready.group(9)))) {
            handshakeAndIo(wire);

            child.sigterm();
            assertThrows(EOFException.class, wire::receive, "the server closes the connection as it stops");
        }
        assertEquals(CrucibleSim.EXIT_OK, child.exitCode(60));
        List<String> stderr = child.stderrToEnd();
        assertTrue(stderr.contains("crucible-sim: downstairs 2: stopping: finishing the jobs in flight"),
                () -> String.join("\n", stderr));
        assertTrue(stderr.stream().anyMatch(line -> line.endsWith("closed: downstairs closing")),
                () -> String.join("\n", stderr));
    }

    @Test
    void shouldWarnOffLoopbackAndExitZeroAtSigint() throws Exception {
        ChildCrucibleSim child = ChildCrucibleSim.startWithStdoutPipe(directory, List.of(), "downstairs", "run",
                "--memory", "--address", "0.0.0.0", "--extent-size", "16", "--extent-count", "4");
        Matcher ready = ready(child);
        assertEquals("crucible-sim: downstairs 0 serving region " + ready.group(2)
                + " (4 extents x 16 blocks x 4096 B), repair port " + ready.group(7) + ", on 0.0.0.0:"
                + ready.group(9),
                ready.group());
        child.awaitStderrLine("crucible-sim: warning: --address 0.0.0.0 is not a loopback address: block data "
                + "crosses the network unencrypted");
        child.sigint();
        assertEquals(CrucibleSim.EXIT_OK, child.exitCode(60), () -> "stderr: " + stderrOf(child));
    }

    @Test
    void shouldServeARegionOnDiskAndKeepItsWritesAcrossRestarts() throws Exception {
        Path region = createRegion("region");
        byte[] flushed = filled(0x11, 2);
        byte[] unflushed = filled(0x22, 1);
        ChildCrucibleSim first = startOnDisk(region);
        Matcher ready = ready(first);
        assertEquals("crucible-sim: downstairs 1 serving region " + regionUuid(region)
                + " (4 extents x 16 blocks x 512 B) from " + region
                + ", repair port " + ready.group(7) + ", on 127.0.0.1:" + ready.group(9), ready.group());
        try (WireExchange wire = WireExchange.connect(Integer.parseInt(ready.group(9)))) {
            ExtentVersions created = wire.handshake(77, SMALL);
            assertArrayEquals(new long[4], created.flushNumbers());
            assertArrayEquals(new boolean[4], created.dirty());
            // Blocks 15 and 16: the last of extent 0 and the first of extent 1.
            assertEquals(new WriteAck(1000, null), wire.call(new WriteRequest(1000, DependencyRange.NONE, 15, flushed)));
            assertEquals(new FlushAck(1001, null), wire.call(new FlushRequest(1001, DependencyRange.of(1000, 1000), 7, 3)));
            assertEquals(new WriteAck(1002, null),
                    wire.call(new WriteRequest(1002, DependencyRange.of(1001, 1001), 40, unflushed)));
            first.sigterm();
            assertThrows(EOFException.class, wire::receive, "the server closes the connection as it stops");
        }
        assertEquals(CrucibleSim.EXIT_OK, first.exitCode(60), () -> "stderr: " + stderrOf(first));

        ChildCrucibleSim second = startOnDisk(region);
        int secondPort = Integer.parseInt(ready(second).group(9));
        try (WireExchange stranger = WireExchange.connect(secondPort)) {
            UUID otherRegion = new UUID(1, 2);
            assertEquals(new UuidMismatch(regionUuid(region)),
                    stranger.call(new HereIAm(ProtocolVersion.CURRENT, 79, otherRegion)));
            assertThrows(EOFException.class, stranger::receive, "a peer after another region is shown the door");
            second.awaitStderrLine("crucible-sim: downstairs-1: connection from " + stranger.localAddress()
                    + " closed: refused: it asked for region " + otherRegion + ", this downstairs serves "
                    + regionUuid(region));
        }
        try (WireExchange wire = WireExchange.connect(secondPort)) {
            ExtentVersions reopened = wire.handshake(78, regionUuid(region), SMALL);
            assertArrayEquals(new long[] {7, 7, 0, 0}, reopened.flushNumbers());
            assertArrayEquals(new long[] {3, 3, 0, 0}, reopened.generations());
            // A clean stop is not a flush: the unflushed write is kept, and its extent says dirty.
            assertArrayEquals(new boolean[] {false, false, true, false}, reopened.dirty());
            assertArrayEquals(flushed, read(wire, 1000, 15, 2));
            assertArrayEquals(unflushed, read(wire, 1001, 40, 1));
            assertArrayEquals(new byte[SMALL.blockSizeBytes()], read(wire, 1002, 41, 1), "never written: zeros");
            second.sigterm();
        }
        assertEquals(CrucibleSim.EXIT_OK, second.exitCode(60), () -> "stderr: " + stderrOf(second));
    }

    @Test
    void shouldExitTwoWithTheRegionsLineWhenItCannotOpen() throws IOException {
        Path missing = directory.resolve("missing");
        assertRegionRefused("cannot open the region in " + missing + ": no such directory", missing);
        Path empty = Files.createDirectory(directory.resolve("empty"));
        assertRegionRefused("region descriptor " + empty.resolve("region.desc") + " is missing: " + empty
                + " is not a region, or its create was cut short", empty);
        Path corrupt = createRegion("corrupt");
        Path extentFile = corrupt.resolve("extent-000002");
        try (FileChannel channel = FileChannel.open(extentFile, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 1);
        }
        CliResult result = execute("downstairs", "run", "--data", corrupt.toString());
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertTrue(result.firstErrLine().startsWith("crucible-sim: --data: ")
                && result.firstErrLine().contains(extentFile.toString()), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void shouldExitTwoWithALineNamingTheOption() {
        assertBadInput("--block-size: must be a power of two from 512 to 32768 bytes, got 1000",
                "downstairs", "run", "--memory", "--block-size", "1000");
        assertBadInput("--extent-size: must be at least 1 block, got 0",
                "downstairs", "run", "--memory", "--extent-size", "0");
        assertBadInput("--extent-count: must be at least 1, got -3",
                "downstairs", "run", "--memory", "--extent-count", "-3");
        assertBadInput("--port: must be from 0 to 65535, got 70000", "downstairs", "run", "--memory", "--port", "70000");
        assertBadInput("Invalid value for option '--port': 'http' is not an int",
                "downstairs", "run", "--memory", "--port", "http");
        assertBadInput("--address: the address is empty", "downstairs", "run", "--memory", "--address", " ");
        assertBadInput("--memory or --data DIR: one is required (a region in memory, or the one on disk in DIR)",
                "downstairs", "run");
        assertBadInput("--memory and --data: give one, not both (a region is in memory or on disk)",
                "downstairs", "run", "--memory", "--data", directory.toString());
        assertBadInput("--extent-count: not with --data: the region in " + directory + " has its own geometry (set "
                + "it with 'downstairs create')", "downstairs", "run", "--data", directory.toString(),
                "--extent-count", "32");
        assertBadInput("Missing required parameter for option '--data' (DIR)", "downstairs", "run", "--data");
        assertBadInput("--id: must not be negative, got -1", "downstairs", "run", "--memory", "--id", "-1");
        assertBadInput("a subcommand is required (try 'downstairs create' or 'downstairs run')", "downstairs");
    }

    @Test
    void shouldExitOneWhenThePortIsTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CliResult result = execute("downstairs", "run", "--memory", "--port", Integer.toString(taken.getLocalPort()));
            assertEquals(CrucibleSim.EXIT_RUN_FAILED, result.exitCode(), result.err());
            assertTrue(result.firstErrLine().startsWith("crucible-sim: downstairs 0: cannot listen on 127.0.0.1:"
                    + taken.getLocalPort() + ": "), result.err());
            assertEquals(1, result.err().lines().count(), result.err());
            assertEquals("", result.out());
        }
    }

    @Test
    void shouldDocumentTheOptionsInHelp() {
        CliResult result = execute("downstairs", "run", "--help");
        assertEquals(0, result.exitCode());
        for (String option : new String[] {"--memory", "--block-size", "--extent-size", "--extent-count", "--port",
            "--address", "--id", "SIGTERM", "--data", "downstairs create"}) {
            assertTrue(result.out().contains(option), () -> "help lacks " + option + ":\n" + result.out());
        }
        assertTrue(execute("--help").out().contains("downstairs"), "the root help lists the command");
    }

    private Path createRegion(String name) {
        Path region = directory.resolve(name);
        CliResult created = execute("downstairs", "create", "--data", region.toString(), "--block-size",
                Integer.toString(SMALL.blockSizeBytes()), "--extent-size", Integer.toString(SMALL.extentSizeBlocks()),
                "--extent-count", Integer.toString(SMALL.extentCount()));
        assertEquals(CrucibleSim.EXIT_OK, created.exitCode(), created.err());
        return region;
    }

    private static UUID regionUuid(Path region) {
        try (FileExtentStore store = RegionDirectory.open(region)) {
            return store.regionUuid();
        }
    }

    private ChildCrucibleSim startOnDisk(Path region) throws IOException, InterruptedException {
        return ChildCrucibleSim.startWithStdoutPipe(directory, List.of(), "downstairs", "run", "--data",
                region.toString(), "--id", "1");
    }

    /** A region refused at the door: exit 2, one line, the region code's own words after the option's name. */
    private static void assertRegionRefused(String expected, Path region) {
        CliResult result = execute("downstairs", "run", "--data", region.toString());
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), result.err());
        assertEquals("crucible-sim: --data: " + expected, result.err().strip());
        assertEquals("", result.out());
    }

    private static byte[] filled(int value, int blockCount) {
        byte[] data = new byte[blockCount * SMALL.blockSizeBytes()];
        Arrays.fill(data, (byte) value);
        return data;
    }

    private static byte[] read(WireExchange wire, long jobId, long blockOffset, int blockCount)
            throws IOException, WireFormatException {
        ReadResponse read = assertInstanceOf(ReadResponse.class,
                wire.call(new ReadRequest(jobId, DependencyRange.NONE, blockOffset, blockCount)));
        assertNull(read.error());
        return read.data();
    }

    private static void assertBadInput(String expected, String... args) {
        CliResult result = execute(args);
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, result.exitCode(), () -> Arrays.toString(args) + ": " + result.err());
        assertEquals("crucible-sim: " + expected, result.firstErrLine(), Arrays.toString(args));
        assertEquals("", result.out());
    }

    private static Matcher ready(ChildCrucibleSim child) throws IOException {
        String line = child.awaitStdoutLine("crucible-sim: downstairs ");
        Matcher ready = READY.matcher(line);
        assertTrue(ready.matches(), line);
        return ready;
    }

    private static String stderrOf(ChildCrucibleSim child) {
        try {
            return String.join("\n", child.stderrToEnd());
        } catch (IOException e) {
            return "unreadable: " + e;
        }
    }

    /** O's handshake (§7.4), then a write and its read-back. */
    private static void handshakeAndIo(WireExchange wire) throws IOException, WireFormatException {
        wire.handshake(77, SMALL);
        byte[] data = filled(0x5A, 2);
        assertEquals(new WriteAck(1000, null), wire.call(new WriteRequest(1000, DependencyRange.NONE, 15, data)));
        assertArrayEquals(data, read(wire, 1001, 15, 2));
    }
}
