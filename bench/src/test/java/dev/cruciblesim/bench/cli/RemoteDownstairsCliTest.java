package dev.cruciblesim.bench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cruciblesim.downstairs.region.Region;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /**
     * Issue 13's first end-to-end case: downstairs 1 is killed (SIGKILL) while a verified run writes, and started
     * again on its data and port; the upstairs holds its jobs meanwhile, reconnects by itself, replays everything
     * after the flush it last acknowledged, and the run ends with every read verified.
     */
    @Test
    void shouldRideOutADownstairsKilledAndRestartedMidRun() throws Exception {
        List<ChildCrucibleSim> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<String> regions = new ArrayList<>();
        try {
            for (int id = 0; id < 3; id++) {
                String region = directory.resolve("ds" + id).toString();
                regions.add(region);
                CliResult created = CliResult.execute("downstairs", "create", "--data", region, "--block-size",
                        "4096", "--extent-size", "128", "--extent-count", "6");
                assertEquals(0, created.exitCode(), created.err());
                servers.add(startServer(region, "0", id, addresses));
            }
            long createdMs = lastModifiedIn(Path.of(regions.get(1)));
            CompletableFuture<CliResult> run = CompletableFuture.supplyAsync(() -> CliResult.execute("run",
                    "--downstairs", String.join(",", addresses), "--duration", "8", "--queue-depth", "4",
                    "--fsync", "32", "--out", directory.resolve("runs").toString()));

            // Writes on downstairs 1's disk mean the upstairs is active and the workload is under way.
            Path extentFiles = Path.of(regions.get(1));
            long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (lastModifiedIn(extentFiles) <= createdMs) {
                assertTrue(System.nanoTime() < deadlineNs, "the run never wrote to downstairs 1");
                Thread.onSpinWait();
            }
            assertEquals(137, servers.get(1).sigkill());
            String port = addresses.get(1).substring(addresses.get(1).lastIndexOf(':') + 1);
            List<String> again = new ArrayList<>();
            servers.add(startServer(regions.get(1), port, 1, again));
            assertEquals(addresses.get(1), again.get(0), "back on the same address");

            CliResult result = run.get(120, TimeUnit.SECONDS);
            assertEquals(0, result.exitCode(), result.err());
            Matcher verified = VERIFIED.matcher(result.err());
            assertTrue(verified.find() && Long.parseLong(verified.group(1)) > 0, result.err());
            String info = result.out(); // upstairs_info's lines: ["Active","Active","Active"] Upstairs: ...
            assertTrue(info.contains("\"Active\",\"Offline\",\"Active\""), info);
            assertTrue(info.contains("\"Active\",\"Replay\",\"Active\""), info);
            assertTrue(result.err().contains("\"ds_state\":[\"Active\",\"Active\",\"Active\"]"),
                    "all three active at the end\n" + result.err());
        } finally {
            for (ChildCrucibleSim server : servers) {
                server.destroy();
            }
        }
    }

    private ChildCrucibleSim startServer(String region, String port, int id, List<String> addresses)
            throws IOException, InterruptedException {
        ChildCrucibleSim server = ChildCrucibleSim.startWithStdoutPipe(directory, List.of(), "downstairs", "run",
                "--data", region, "--port", port, "--id", Integer.toString(id));
        Matcher ready = READY.matcher(server.awaitStdoutLine("crucible-sim: downstairs "));
        assertTrue(ready.matches());
        addresses.add(ready.group(1) + ":" + ready.group(2));
        return server;
    }

    /** @return the newest modification time, in milliseconds, of the extent files in {@code directory} */
    private static long lastModifiedIn(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().startsWith("extent"))
                    .mapToLong(file -> {
                        try {
                            return Files.getLastModifiedTime(file).toMillis();
                        } catch (IOException e) {
                            return 0;
                        }
                    }).max().orElse(0);
        }
    }

    /**
     * Start-up reconciliation across processes: three regions made to disagree (client 1 ahead on extent 2, client 2
     * dirty on extent 4) are served by three {@code downstairs run}; the upstairs shows Repair, then Active, the
     * copies travel between the children's repair ports, the run writes and exits 0, and afterwards the three region
     * directories hold the same blocks.
     */
    @Test
    void shouldReconcileDisagreeingRegionsBeforeTheRun() throws Exception {
        List<ChildCrucibleSim> servers = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        List<Path> regions = new ArrayList<>();
        try {
            for (int id = 0; id < 3; id++) {
                Path region = directory.resolve("ds" + id);
                regions.add(region);
                CliResult created = CliResult.execute("downstairs", "create", "--data", region.toString(),
                        "--block-size", "4096", "--extent-size", "128", "--extent-count", "6");
                assertEquals(0, created.exitCode(), created.err());
                try (Region opened = Region.open(region)) {
                    if (id == 1) {
                        opened.write(2 * 128, filled(0x71, 3));
                        opened.flush(5, 1);
                    } else if (id == 2) {
                        opened.write(4 * 128 + 9, filled(0x72, 2)); // never flushed: dirty
                    }
                }
                servers.add(startServer(region.toString(), "0", id, addresses));
            }

            CliResult result = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> CliResult.execute("run",
                    "--downstairs", String.join(",", addresses), "--ios", "200", "--rw", "write", "--queue-depth",
                    "4", "--out", directory.resolve("runs").toString()));

            assertEquals(0, result.exitCode(), result.err());
            String info = result.out(); // upstairs_info's lines
            int repair = info.indexOf("[\"Repair\",\"Repair\",\"Repair\"]");
            assertTrue(repair >= 0, info);
            assertTrue(info.indexOf("[\"Active\",\"Active\",\"Active\"]") > repair, info);
            for (ChildCrucibleSim server : servers) {
                server.sigterm();
            }
            for (ChildCrucibleSim server : servers) {
                assertEquals(CrucibleSim.EXIT_OK, server.exitCode(60), () -> String.join("\n", stderrOf(server)));
            }
            assertTrue(String.join("\n", stderrOf(servers.get(1))).contains("served extent 2"),
                    "client 1's repair port served the extent it was ahead on");
        } finally {
            for (ChildCrucibleSim server : servers) {
                server.destroy();
            }
        }
        byte[] first = null;
        for (Path region : regions) {
            try (Region opened = Region.open(region)) {
                byte[] all = opened.read(0, 6 * 128);
                if (first == null) {
                    first = all;
                } else {
                    assertArrayEquals(first, all, region + " reads as the first region does");
                }
            }
        }
    }

    private static byte[] filled(int value, int blocks) {
        byte[] data = new byte[blocks * 4096];
        Arrays.fill(data, (byte) value);
        return data;
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
