package dev.cruciblesim.bench.cli;

import dev.cruciblesim.sim.protocol.DependencyRange;
import dev.cruciblesim.sim.protocol.ExtentVersions;
import dev.cruciblesim.sim.protocol.ExtentVersionsPlease;
import dev.cruciblesim.sim.protocol.HereIAm;
import dev.cruciblesim.sim.protocol.Message;
import dev.cruciblesim.sim.protocol.PromoteToActive;
import dev.cruciblesim.sim.protocol.ProtocolVersion;
import dev.cruciblesim.sim.protocol.ReadRequest;
import dev.cruciblesim.sim.protocol.ReadResponse;
import dev.cruciblesim.sim.protocol.RegionDefinition;
import dev.cruciblesim.sim.protocol.RegionInfo;
import dev.cruciblesim.sim.protocol.RegionInfoPlease;
import dev.cruciblesim.sim.protocol.WriteAck;
import dev.cruciblesim.sim.protocol.WriteRequest;
import dev.cruciblesim.sim.protocol.YesItsMe;
import dev.cruciblesim.sim.protocol.YouAreNowActive;
import dev.cruciblesim.sim.protocol.wire.MessageDecoder;
import dev.cruciblesim.sim.protocol.wire.MessageEncoder;
import dev.cruciblesim.sim.protocol.wire.MessageLayout;
import dev.cruciblesim.sim.protocol.wire.WireFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.cruciblesim.bench.cli.CliResult.execute;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code crucible-sim downstairs run}: bad input in-process; serving, and ending at a signal, in a child JVM, as a
 * user runs it. Every wait is a blocking read of the child's output or of a reply, bounded by the class timeout.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class DownstairsRunCliTest {
    private static final Pattern READY = Pattern.compile(
            "crucible-sim: downstairs (\\d+) serving (\\d+) extents x (\\d+) blocks x (\\d+) B on (\\S+):(\\d+)");
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
        assertEquals("127.0.0.1", ready.group(5));
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(ready.group(6)))) {
            WireExchange wire = new WireExchange(socket);
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
        assertEquals("crucible-sim: downstairs 0 serving 4 extents x 16 blocks x 4096 B on 0.0.0.0:" + ready.group(6),
                ready.group());
        child.awaitStderrLine("crucible-sim: warning: --address 0.0.0.0 is not a loopback address: block data "
                + "crosses the network unencrypted");
        child.sigint();
        assertEquals(CrucibleSim.EXIT_OK, child.exitCode(60), () -> "stderr: " + stderrOf(child));
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
        assertBadInput("Missing required option: '--memory'", "downstairs", "run");
        assertBadInput("Unknown option: '--data'", "downstairs", "run", "--memory", "--data");
        assertBadInput("a subcommand is required (try 'downstairs run')", "downstairs");
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
            "--address", "--id", "SIGTERM"}) {
            assertTrue(result.out().contains(option), () -> "help lacks " + option + ":\n" + result.out());
        }
        assertTrue(execute("--help").out().contains("downstairs"), "the root help lists the command");
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
        long upstairsId = 77;
        assertEquals(new YesItsMe(ProtocolVersion.CURRENT), wire.call(new HereIAm(ProtocolVersion.CURRENT, upstairsId)));
        assertEquals(new YouAreNowActive(upstairsId), wire.call(new PromoteToActive(upstairsId)));
        assertEquals(new RegionInfo(SMALL), wire.call(new RegionInfoPlease()));
        assertEquals(SMALL.extentCount(),
                assertInstanceOf(ExtentVersions.class, wire.call(new ExtentVersionsPlease())).extentCount());
        byte[] data = new byte[2 * SMALL.blockSizeBytes()];
        Arrays.fill(data, (byte) 0x5A);
        assertEquals(new WriteAck(1000, null), wire.call(new WriteRequest(1000, DependencyRange.NONE, 15, data)));
        ReadResponse read = assertInstanceOf(ReadResponse.class,
                wire.call(new ReadRequest(1001, DependencyRange.of(1000, 1000), 15, 2)));
        assertArrayEquals(data, read.data());
    }

    /** Request and reply over a plain socket's streams: a frame is its length prefix, then that many bytes less four. */
    private static final class WireExchange {
        private final DataInputStream in;
        private final OutputStream out;
        private final MessageEncoder encoder = new MessageEncoder();
        private final MessageDecoder decoder = new MessageDecoder();

        WireExchange(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            in = new DataInputStream(socket.getInputStream());
            out = socket.getOutputStream();
        }

        Message call(Message request) throws IOException, WireFormatException {
            ByteBuffer frame = encoder.encode(request, ByteBuffer.allocate(256));
            out.write(frame.array(), 0, frame.position());
            out.flush();
            return receive();
        }

        Message receive() throws IOException, WireFormatException {
            byte[] prefix = new byte[MessageLayout.LENGTH_PREFIX_BYTES];
            in.readFully(prefix);
            int lengthBytes = ByteBuffer.wrap(prefix).order(ByteOrder.LITTLE_ENDIAN).getInt();
            byte[] frame = Arrays.copyOf(prefix, lengthBytes);
            in.readFully(frame, prefix.length, lengthBytes - prefix.length);
            return decoder.decode(ByteBuffer.wrap(frame));
        }
    }
}
