package dev.cruciblesim.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run --downstairs A,B,C}: an upstairs in this JVM, three downstairs in processes of their own, each serving a
 * region on disk that {@code downstairs create} made.
 */
class RemoteDownstairsCliTest {
    private static final Pattern READY = Pattern.compile("crucible-sim: downstairs \\d+ serving .* on (\\S+):(\\d+)");
    private static final Pattern VERIFIED = Pattern.compile("(\\d+) reads verified");

    @TempDir
    Path directory;

    @Test
    void shouldRunAVerifiedWorkloadAgainstThreeDownstairsProcessesThenStopThem() throws Exception {
        List<ChildCrucibleSim> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        try {
            for (int id = 0; id < 3; id++) {
                String region = directory.resolve("ds" + id).toString();
                CliResult created = CliResult.execute("downstairs", "create", "--data", region, "--block-size",
                        "4096", "--extent-size", "128", "--extent-count", "6");
                assertEquals(0, created.exitCode(), created.err());
                ChildCrucibleSim server = ChildCrucibleSim.startWithStdoutPipe(directory, List.of(), "downstairs",
                        "run", "--data", region, "--port", "0", "--id", Integer.toString(id));
                servers.add(server);
                Matcher ready = READY.matcher(server.awaitStdoutLine("crucible-sim: downstairs "));
                assertTrue(ready.matches());
                addresses.add(ready.group(1) + ":" + ready.group(2));
            }

            CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliResult.execute("run", "--downstairs",
                    String.join(",", addresses), "--ios", "3000", "--duration", "60", "--queue-depth", "8",
                    "--out", directory.resolve("runs").toString()));

            assertEquals(0, result.exitCode(), result.err());
            assertTrue(result.err().contains("volume of 6 extents x 128 blocks x 4096 B = 3145728 B active on 3 "
                    + "downstairs servers over TCP at " + String.join(", ", addresses)), result.err());
            Matcher verified = VERIFIED.matcher(result.err());
            assertTrue(verified.find() && Long.parseLong(verified.group(1)) > 0, result.err());
            assertTrue(result.out().contains("Distribution"), "perfgw's histograms\n" + result.out());

            for (ChildCrucibleSim server : servers) {
                server.sigterm();
            }
            for (ChildCrucibleSim server : servers) {
                assertEquals(CrucibleSim.EXIT_OK, server.exitCode(60), () -> String.join("\n", stderrOf(server)));
            }
        } finally {
            for (ChildCrucibleSim server : servers) {
                server.destroy();
            }
        }
    }

    @Test
    void shouldNameTheAddressThatIsNotHostAndPortOrThatNobodyServes() throws IOException {
        CliResult count = CliResult.execute("run", "--downstairs", "127.0.0.1:1,127.0.0.1:2");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, count.exitCode());
        assertTrue(count.err().startsWith("crucible-sim: --downstairs: needs 3 HOST:PORT addresses, one per downstairs,"
                + " got 2"), count.err());

        CliResult malformed = CliResult.execute("run", "--downstairs", "127.0.0.1:1,localhost,127.0.0.1:3");
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, malformed.exitCode());
        assertTrue(malformed.err().startsWith("crucible-sim: --downstairs: 'localhost' is not HOST:PORT"),
                malformed.err());

        int freePort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            freePort = socket.getLocalPort();
        }
        String nobody = "127.0.0.1:" + freePort;
        CliResult unreachable = CliResult.execute("run", "--downstairs", nobody + "," + nobody + "," + nobody);
        assertEquals(CrucibleSim.EXIT_BAD_INPUT, unreachable.exitCode());
        assertTrue(unreachable.err().startsWith("crucible-sim: --downstairs: downstairs at " + nobody
                + ": cannot connect to the downstairs at " + nobody + ": "), unreachable.err());
    }

    private static List<String> stderrOf(ChildCrucibleSim server) {
        try {
            return server.stderrToEnd();
        } catch (IOException e) {
            return List.of("unreadable: " + e);
        }
    }
}
